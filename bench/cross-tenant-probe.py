#!/usr/bin/env python3
# Times 404s for another tenant's ids against 404s for random ids, alternating, on a running service.
# Usage: python3 bench/cross-tenant-probe.py <port>   (bootstrap admin password "probe timing passphrase 42")
import json, http.client, time, uuid, statistics, random, sys
port=int(sys.argv[1])
def call(method, path, body=None, token=None):
    c=http.client.HTTPConnection("127.0.0.1", port)
    h={"content-type":"application/json"}
    if token: h["authorization"]="Bearer "+token
    t=time.perf_counter()
    c.request(method, path, json.dumps(body) if body is not None else None, h)
    r=c.getresponse(); data=r.read(); dt=time.perf_counter()-t
    return r.status, (json.loads(data) if data else None), dt
_,tok,_=call("POST","/api/v1/auth/token",{"email":"admin@localhost","password":"probe timing passphrase 42"})
pt=tok["access_token"]
def tenant(slug):
    s,b,_=call("POST","/api/v1/tenants",{"slug":slug,"admin_email":f"admin@{slug}.test","admin_password":"probe timing passphrase 42"},pt)
    _,t,_=call("POST","/api/v1/auth/token",{"email":f"admin@{slug}.test","password":"probe timing passphrase 42"})
    return t["access_token"]
sfx=uuid.uuid4().hex[:6]
a=tenant("pa-"+sfx); b=tenant("pb-"+sfx)
ids=[]
for i in range(50):
    s,r,_=call("POST","/api/v1/activities",{"activity_id":"fuel.diesel","amount":1,"unit":"L","date":"2024-01-01","region":"GB"},b)
    ids.append(r["id"])
foreign=[];rnd=[]
for i in range(600):
    if i%2==0:
        s,_,dt=call("GET",f"/api/v1/activities/{random.choice(ids)}",token=a); foreign.append(dt)
    else:
        s,_,dt=call("GET",f"/api/v1/activities/{uuid.uuid4()}",token=a); rnd.append(dt)
    assert s==404
q=lambda xs,p: sorted(xs)[int(len(xs)*p)]
print(f"foreign ids: median {statistics.median(foreign)*1000:.2f} ms p90 {q(foreign,.9)*1000:.2f} ms (n={len(foreign)})")
print(f"random ids:  median {statistics.median(rnd)*1000:.2f} ms p90 {q(rnd,.9)*1000:.2f} ms (n={len(rnd)})")
