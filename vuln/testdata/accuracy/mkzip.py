import json, yaml, zipfile, datetime, os
need=json.load(open('need.json'))
os.makedirs('db/Go',exist_ok=True); os.makedirs('db/PyPI',exist_ok=True)
def conv(o):
    if isinstance(o,datetime.datetime):
        if o.tzinfo: o=o.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return o.strftime('%Y-%m-%dT%H:%M:%S')+'Z'
    if isinstance(o,datetime.date): return o.isoformat()+'T00:00:00Z'
    raise TypeError(o)
with zipfile.ZipFile('db/Go/all.zip','w',zipfile.ZIP_DEFLATED) as zg, zipfile.ZipFile('db/PyPI/all.zip','w',zipfile.ZIP_DEFLATED) as zp:
    for f in sorted(need):
        if f.endswith('.json'):
            zg.write(f, os.path.basename(f))
        else:
            d=yaml.safe_load(open(f))
            zp.writestr(os.path.basename(f)[:-5]+'.json', json.dumps(d,default=conv,indent=1))
print(os.path.getsize('db/Go/all.zip'), os.path.getsize('db/PyPI/all.zip'))
