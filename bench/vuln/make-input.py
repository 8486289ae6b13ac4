# Makes the input of the vulnerability-matching benchmark (BENCHMARKS.md, issue #10):
# db/Go/all.zip and db/PyPI/all.zip from /work/shared/data/osv (PyPI YAML turned into JSON)
# and bom.cdx.json, a CycloneDX SBOM of 10,000 components (70 % named in those advisories at a
# version taken from their range events, 30 % named by none). Run it in an empty directory:
#   python3 make-input.py   (needs PyYAML)
import json, glob, os, random, yaml, zipfile, datetime, collections
random.seed(7)
S='/work/shared/data/osv'
def conv(o):
    if isinstance(o,datetime.datetime):
        if o.tzinfo: o=o.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return o.strftime('%Y-%m-%dT%H:%M:%S')+'Z'
    if isinstance(o,datetime.date): return o.isoformat()+'T00:00:00Z'
    raise TypeError(o)
os.makedirs('db/Go',exist_ok=True); os.makedirs('db/PyPI',exist_ok=True)
ev=collections.defaultdict(set)
with zipfile.ZipFile('db/Go/all.zip','w',zipfile.ZIP_DEFLATED) as z:
    for f in sorted(glob.glob(S+'/go/*.json')):
        z.write(f, os.path.basename(f))
        d=json.load(open(f))
        for a in d.get('affected',[]):
            for r in a.get('ranges',[]):
                for e in r['events']:
                    for v in e.values():
                        if v!='0' and r['type']!='GIT': ev[('Go',a['package']['name'])].add(v)
with zipfile.ZipFile('db/PyPI/all.zip','w',zipfile.ZIP_DEFLATED) as z:
    for f in sorted(glob.glob(S+'/pypi/*/*.yaml')):
        d=yaml.safe_load(open(f))
        z.writestr(os.path.basename(f)[:-5]+'.json', json.dumps(d,default=conv))
        for a in d.get('affected',[]):
            for r in a.get('ranges',[]):
                for e in r['events']:
                    for v in e.values():
                        if str(v)!='0' and r['type']!='GIT': ev[('PyPI',a['package']['name'])].add(str(v))
keys=sorted(k for k in ev if ev[k] and k[1]!='stdlib')
comps=[]; seen=set()
while len(comps)<10000:
    if random.random()<0.7:
        eco,name=random.choice(keys); v=random.choice(sorted(ev[(eco,name)]))
    else:
        eco=random.choice(['Go','PyPI']); name=('example.com/filler/m%d'%random.randrange(100000)) if eco=='Go' else 'filler-pkg-%d'%random.randrange(100000); v='1.%d.%d'%(random.randrange(30),random.randrange(30))
    if (eco,name,v) in seen: continue
    seen.add((eco,name,v))
    if eco=='Go': comps.append({"type":"library","name":name,"version":"v"+v,"purl":"pkg:golang/%s@v%s"%(name,v),"bom-ref":"c%d"%len(comps)})
    else: comps.append({"type":"library","name":name,"version":v,"purl":"pkg:pypi/%s@%s"%(name.lower(),v),"bom-ref":"c%d"%len(comps)})
json.dump({"bomFormat":"CycloneDX","specVersion":"1.5","version":1,"components":comps},open('bom.cdx.json','w'))
print(len(comps), os.path.getsize('db/Go/all.zip'), os.path.getsize('db/PyPI/all.zip'))
