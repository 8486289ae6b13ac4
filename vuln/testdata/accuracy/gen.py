import json, glob, os, random, yaml, collections, sys
random.seed(10)
S='/work/shared/data/osv'
go=collections.defaultdict(list)   # package -> [(file, data)]
for f in sorted(glob.glob(S+'/go/*.json')):
    d=json.load(open(f))
    for a in d.get('affected',[]):
        go[a['package']['name']].append(f)
py=collections.defaultdict(list)
pyrec={}
for f in sorted(glob.glob(S+'/pypi/*/*.yaml')):
    d=yaml.safe_load(open(f))
    pyrec[f]=d
    for a in d.get('affected',[]):
        py[a['package']['name']].append(f)
def events(files, name, loader):
    vs=set()
    for f in files:
        d=loader(f)
        for a in d.get('affected',[]):
            if a['package']['name']!=name: continue
            for r in a.get('ranges',[]):
                if r['type']=='GIT': continue
                for e in r['events']:
                    for k,v in e.items():
                        if v!='0': vs.add(str(v))
    return sorted(vs)
goload=lambda f: json.load(open(f))
pyload=lambda f: pyrec[f]
gopk=[p for p in sorted(go) if len(set(go[p]))>=2 and p!='stdlib' and '/v' not in p.split('/')[-1]]
random.shuffle(gopk)
pypk=[p for p in sorted(py) if len(set(py[p]))>=2]
random.shuffle(pypk)
n=int(sys.argv[1]) if len(sys.argv)>1 else 40
gosel=[]; 
for p in gopk[:n]:
    vs=events(set(go[p]),p,goload)
    if not vs: continue
    v=random.choice(vs)
    gosel.append((p,v))
stdv=random.choice([v for v in events(set(go['stdlib']),'stdlib',goload) if '-' not in v and v.count('.')==2])
pysel=[]
for p in pypk[:n]:
    vs=events(set(py[p]),p,pyload)
    if not vs: continue
    pysel.append((p,random.choice(vs)))
os.makedirs('input',exist_ok=True)
with open('input/go.mod','w') as f:
    f.write('module example.com/accuracy\n\ngo %s\n\nrequire (\n'%stdv)
    for p,v in gosel: f.write('\t%s v%s\n'%(p,v))
    f.write(')\n')
with open('input/requirements.txt','w') as f:
    for p,v in pysel: f.write('%s==%s\n'%(p,v))
comps=[]
for p,v in gosel: comps.append({"type":"library","name":p,"version":"v"+v,"purl":"pkg:golang/%s@v%s"%(p,v)})
for p,v in pysel: comps.append({"type":"library","name":p,"version":v,"purl":"pkg:pypi/%s@%s"%(p.lower(),v)})
os.makedirs('sbom',exist_ok=True)
json.dump({"bomFormat":"CycloneDX","specVersion":"1.5","version":1,"components":comps},open('sbom/bom.cdx.json','w'),indent=1)
# the advisories these packages need
need=set()
for p,_ in gosel: need|=set(go[p])
need|=set(go['stdlib'])
for p,_ in pysel: need|=set(py[p])
json.dump(sorted(need),open('need.json','w'))
print(len(gosel),len(pysel),len(need),stdv)
