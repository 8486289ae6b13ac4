import json,sys
d=json.load(open(sys.argv[1])); out=set()
for r in d.get('results',[]):
    for pk in r['packages']:
        p=pk['package']
        for v in pk.get('vulnerabilities',[]):
            out.add((p['ecosystem'],p['name'],p['version'],v['id']))
json.dump([list(x) for x in sorted(out)],sys.stdout,indent=0)
