"""Two plan-eval release binaries interleaved (issue 23): `report --out` of the bundled 2024
report against a bare `typst compile` of its .typ, and `typeset` of 5 MB against pandoc.
Usage: python3 benches/before_after.py ROUNDS TYPESET_ROUNDS, with the binaries at
/tmp/i23_new and /tmp/i23_old and $PANDOC (pandoc 3) set."""
import subprocess, time, statistics, os, sys, shutil
repo='/work/wt23'
new='/tmp/i23_new'; old='/tmp/i23_old'
work='/tmp/i23_m'; shutil.rmtree(work, ignore_errors=True); os.makedirs(work)
def run(cmd, **kw):
    t=time.perf_counter(); subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw); return time.perf_counter()-t
rep=lambda b,o: [b,'report','--year','2024','--date','2025-03-04','--data',repo+'/data','--out',o]
run(rep(new, work+'/new'))
ts='1741046400'
bare=['typst','compile','--root',work+'/new','--creation-timestamp',ts,'--pdf-standard','a-2a','--diagnostic-format','short',work+'/new/report.typ',work+'/bare.pdf']
R=int(sys.argv[1]) if len(sys.argv)>1 else 9
jobs={'old':lambda: run(rep(old, work+'/old')),'new':lambda: run(rep(new, work+'/new')),'bare':lambda: run(bare)}
t={k:[] for k in jobs}
order=list(jobs)
for r in range(R):
    for k in (order if r%2==0 else order[::-1]):
        t[k].append(jobs[k]())
med={k:statistics.median(v) for k,v in t.items()}
print('report rounds',R, {k:round(v,3) for k,v in med.items()}, 'new/bare %.3f'%(med['new']/med['bare']), 'old/bare %.3f'%(med['old']/med['bare']))
# typeset 5 MB
md=open(work+'/new/report.md').read()
n=(5_250_000//len(md.encode()))+1
big=work+'/big.md'; open(big,'w').write(md*n)
pandoc=os.environ.get('PANDOC','pandoc')
tj={'new':lambda: run([new,'typeset',big,'--typst',work+'/big.typ']),
    'one_core':lambda: run(['taskset','-c','0',new,'typeset',big,'--typst',work+'/big1.typ']),
    'old':lambda: run([old,'typeset',big,'--typst',work+'/bigo.typ']),
    'pandoc':lambda: run([pandoc,'-f','gfm','-t','typst',big,'-o',work+'/bigp.typ'])}
T={k:[] for k in tj}
R2=int(sys.argv[2]) if len(sys.argv)>2 else 5
for r in range(R2):
    ks=list(tj) if r%2==0 else list(tj)[::-1]
    for k in ks: T[k].append(tj[k]())
m={k:statistics.median(v) for k,v in T.items()}
print('typeset %.2f MB rounds %d'%(os.path.getsize(big)/1e6,R2), {k:round(v,3) for k,v in m.items()}, 'pandoc/new %.1f'%(m['pandoc']/m['new']), 'pandoc/one_core %.1f'%(m['pandoc']/m['one_core']), 'pandoc/old %.1f'%(m['pandoc']/m['old']))
