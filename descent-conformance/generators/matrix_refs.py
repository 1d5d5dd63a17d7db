#!/usr/bin/python3
"""Generates the Muon and Adafactor cases of ../src/test/resources/conformance/{muon,adafactor}/.

Usage (Debian's python has torch 1.13):

    /usr/bin/python3 descent-conformance/generators/matrix_refs.py            # write the cases
    /usr/bin/python3 descent-conformance/generators/matrix_refs.py --check    # regenerate and compare only

The references are run, not transcribed: torch's own torch/optim/_muon.py and _adafactor.py (newer
than the installed torch 1.13) and Keller Jordan's muon.py, copied unmodified into refs/ and pinned
by SHA-256. They are executed after the patches in PATCHES, each a literal text replacement that
must match exactly once; every case lists the patches of its source in source.patches. The one
numeric patch replaces the bfloat16 cast before Newton-Schulz by a float64 copy (as the shared
transcriptions in ../shared/conformance/muon do); the others give torch >= 2.5's private helpers
their 1.13 equivalents.

The `*.run.*` cases run the references at the settings of the shared transcriptions
(../shared/conformance/{muon,adafactor}, copied beside them into the same directories); the script
prints how far theta is from those transcriptions when ../shared is present. index.json lists the
copies first, then the generated cases.
"""
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
MUON_DIR = os.path.join(common.CONFORMANCE, 'muon')
ADAFACTOR_DIR = os.path.join(common.CONFORMANCE, 'adafactor')
SHARED = os.path.normpath(os.path.join(HERE, '..', '..', '..', 'shared', 'conformance'))

REFS = {
    'torch_muon': dict(repository='https://github.com/pytorch/pytorch',
                       commit='098e03f91de9384cc3afdf5c8b9a6bbc442bd66a', path='torch/optim/_muon.py',
                       local='refs/torch/_muon.py',
                       sha256='074befcc2dedbfe6073e9344aa4567a5dda5eb067fee194e80c9842252eaebcc'),
    'torch_adafactor': dict(repository='https://github.com/pytorch/pytorch',
                            commit='051d6a09bb159a48ac11006c454c0c979511d0f3', path='torch/optim/_adafactor.py',
                            local='refs/torch/_adafactor.py',
                            sha256='5cd10ba0b0e8fc0fe47151a4998960ee917d9bd3c26f75a400dd2522c291ae00'),
    'kellerjordan': dict(repository='https://github.com/KellerJordan/Muon',
                         commit='857d1adc159e098212f828d927460782d3da59e9', path='muon.py',
                         blob='8f117329d5f1d646749a2ec6b80d434610104c4a', local='refs/muon_kellerjordan.py',
                         sha256='1eece0b562f159e88f3a65da9b6ee8d0ab2dd647cf25c88e355d4f262e796e66'),
}

# torch >= 2.5's private optimizer helpers, as torch 1.13 needs them (no behaviour of the update)
_HELPERS = '''from torch.optim import Optimizer
ParamsT = object
TensorListList = object
_params_doc = ''
_maximize_doc = ''
def _to_scalar(x):
    return x
def _get_scalar_dtype():
    return torch.get_default_dtype()
def _disable_dynamo_if_unsupported(single_tensor_fn=None):
    return lambda f: f
'''

PATCHES = {
    'torch_muon': [
        ('imports: torch >= 2.9 helpers of torch/optim/optimizer.py, absent in 1.13, given their 1.13 equivalents',
         'from .optimizer import (\n    _disable_dynamo_if_unsupported,\n    _params_doc,\n    _to_scalar,\n'
         '    Optimizer,\n    ParamsT,\n)\n', _HELPERS),
        ('numeric: Newton-Schulz in float64 instead of bfloat16 (a copy, as .bfloat16() makes one)',
         '    ortho_grad = grad.bfloat16()\n', '    ortho_grad = grad.clone()\n'),
    ],
    'torch_adafactor': [
        ('imports: torch >= 2.5 helpers of torch/optim/optimizer.py, absent in 1.13, given their 1.13 equivalents',
         'from .optimizer import (\n    _disable_dynamo_if_unsupported,\n    _get_scalar_dtype,\n    _maximize_doc,\n'
         '    _params_doc,\n    _to_scalar,\n    Optimizer,\n    ParamsT,\n    TensorListList,\n)\n', _HELPERS),
        ('torch 1.13 Optimizer has no _accelerator_graph_capture_health_check (a CUDA-graph check; CPU here)',
         '        self._accelerator_graph_capture_health_check()\n', ''),
        ('torch 1.13 has no torch.compiler; not compiling',
         '    if not torch.compiler.is_compiling() and not all(\n', '    if not all(\n'),
    ],
    'kellerjordan': [
        ('numeric: Newton-Schulz in float64 instead of bfloat16 (X is not modified in place)',
         '    X = G.bfloat16()\n', '    X = G.double()\n'),
    ],
}


def load(key):
    """The reference module after its patches, refusing a changed copy or a patch that does not apply."""
    ref = REFS[key]
    path = common.verify_checked(os.path.join(HERE, ref['local']), ref['sha256'])
    with open(path) as f:
        text = f.read()
    for why, old, new in PATCHES[key]:
        if text.count(old) != 1:
            raise SystemExit(f'{path}: patch "{why}" matches {text.count(old)} times, expected once')
        text = text.replace(old, new)
    namespace = {'__name__': 'ref_' + key}
    exec(compile(text, path + ' (patched)', 'exec'), namespace)
    return namespace


def source(key, library):
    ref = REFS[key]
    s = {'generator': 'descent-conformance/generators/matrix_refs.py', 'library': library,
         'version': common.TORCH_VERSION, 'repository': ref['repository'], 'commit': ref['commit'],
         'path': ref['path']}
    if 'blob' in ref:
        s['blob'] = ref['blob']
    s['sha256'] = ref['sha256']
    s['patches'] = [why for why, _, _ in PATCHES[key]]
    s['transcription'] = False
    s['dtype'] = common.DTYPE
    return s


# --- problems: the public ones, and replayW (recorded gradients for a wide 3x4 matrix and a 3-vector) ---

def replay_w():
    """A replay problem of dim 15: W (3x4, rows scaled 1e-3, 1, 10) and b (3, scales 1e-2, 1, 0.1)."""
    rng = np.random.default_rng(707)
    scales = np.array([1e-3] * 4 + [1.0] * 4 + [10.0] * 4 + [1e-2, 1.0, 0.1])
    offsets = np.round(rng.normal(size=15) * 0.5, 3)
    grads = [(scales * (rng.normal(size=15) + offsets)).tolist() for _ in range(40)]
    theta0 = np.round(rng.normal(size=15) * 0.3, 6).tolist()
    data = {'type': 'replay', 'instance': 'replayW', 'dim': 15, 'loss': None,
            'gradient': 'steps[t-1].grad for step t, independent of theta (the sequence is the data)',
            'construction': 'g[t,j] = scale_j * (z[t,j] + offset_j), z ~ N(0,1) from numpy default_rng(data_seed)'
                            ' after the offsets (rounded N(0, 0.25) draws); theta0 drawn after the gradients',
            'scales': scales.tolist(), 'offsets': offsets.tolist(), 'data_seed': 707}

    class P:
        pass
    p = P()
    p.name, p.data, p.theta0, p.type = 'replayW', data, theta0, 'replay'
    p.gradient_evaluation = 'replay'
    p.loss_grad = lambda x, t: (None, torch.tensor(grads[t - 1]))
    p.tolerance = lambda: {'recorded_gradients': dict(common.TOLERANCE['recorded_gradients']),
                           'recomputed_gradients': None}
    return p


def problem(name):
    return replay_w() if name == 'replayW' else common.Problem(name)


def block_layout(prob, frozen_b):
    """[(name, shape, offset, optimized)] of the problem's parameter tensors."""
    if prob.name == 'softmaxA':
        return [('W', [4, 3], 0, True), ('b', [3], 12, not frozen_b)]
    if prob.name == 'replayW':
        return [('W', [3, 4], 0, True), ('b', [3], 12, not frozen_b)]
    return [('x', [len(prob.theta0)], 0, True)]


def blocks_field(layout):
    out = []
    for name, shape, offset, optimized in layout:
        size = int(np.prod(shape))
        b = {'name': name, 'shape': shape, 'offset': offset, 'size': size}
        if len(shape) > 1:
            b['order'] = 'row-major'
        b['optimized'] = optimized
        if not optimized:
            b['note'] = f'frozen: not in the optimizer; stays at theta0[{offset}:{offset + size}] exactly'
        out.append(b)
    return out


def run(prob, layout, make_optimizer, num_steps=40):
    """Steps the reference on one tensor per optimized block; frozen blocks stay at theta0."""
    theta = torch.tensor(prob.theta0)
    params = {}
    for name, shape, offset, optimized in layout:
        if optimized:
            size = int(np.prod(shape))
            params[name] = torch.nn.Parameter(theta[offset:offset + size].clone().reshape(shape))
    opt = make_optimizer(list(params.values()))
    steps = []
    for t in range(1, num_steps + 1):
        loss, g = prob.loss_grad(theta, t)
        rec = {'t': t, 'lr': opt.param_groups[0]['lr'], 'loss': loss, 'grad': g.tolist()}
        for name, shape, offset, optimized in layout:
            if optimized:
                size = int(np.prod(shape))
                params[name].grad = g[offset:offset + size].clone().reshape(shape)
        opt.step()
        theta = theta.clone()
        for name, shape, offset, optimized in layout:
            if optimized:
                size = int(np.prod(shape))
                theta[offset:offset + size] = params[name].detach().reshape(-1)
        rec['theta'] = theta.tolist()
        steps.append(rec)
    final_state = {}
    for name, p in params.items():
        st = {}
        for k, v in opt.state[p].items():
            st[k] = v.item() if v.dim() == 0 else v.tolist()
        final_state[name] = st
    return steps, final_state, theta


def make_case(case_id, src, algorithm, variant, constructor, hyper, prob, layout, steps, final_state, theta, notes):
    return {
        'format': 'optim-golden/1',
        'id': case_id,
        'source': src,
        'algorithm': algorithm,
        'variant': variant,
        'constructor': constructor,
        'hyperparameters': hyper,
        'blocks': blocks_field(layout),
        'schedule': None,
        'problem': prob.data,
        'gradient_evaluation': prob.gradient_evaluation,
        'num_steps': len(steps),
        'theta0': prob.theta0,
        'steps': steps,
        'final_loss': prob.loss(theta) if prob.type != 'replay' else None,
        'final_state': final_state,
        'tolerance': prob.tolerance(),
        'notes': notes,
    }


MUON_NOTES = ('Only the blocks with "optimized": true are parameters of the optimizer (Muon takes 2-D tensors '
              'only); a frozen block stays at its theta0 values exactly. steps[].grad is the full gradient; '
              'each optimized block receives its slice reshaped to its shape. Newton-Schulz runs in float64 '
              '(patched from bfloat16, see source.patches).')
ADAFACTOR_NOTES = ('Each entry of blocks is a separate parameter tensor in one param group, in this order; theta '
                   'and grad are the concatenation of the blocks (row-major). A block with two or more '
                   'dimensions is factored (row_var, col_var), a vector keeps a full variance.')

# (id, problem, hyperparameters beyond the defaults, frozen b)
TORCH_MUON_CASES = [
    ('muon.torch.run.softmaxA', 'softmaxA', {}, True),
    ('muon.torch.match_rms_plain.softmaxA', 'softmaxA',
     dict(lr=0.01, weight_decay=0.05, momentum=0.9, nesterov=False, adjust_lr_fn='match_rms_adamw'), True),
    ('muon.torch.addmm_ns3.replayW', 'replayW', dict(lr=0.02, use_addmm=True, ns_steps=3, eps=1e-5), True),
]
KJ_MUON_CASES = [
    ('muon.kellerjordan.run.softmaxA', 'softmaxA', {}, True),
    ('muon.kellerjordan.wd.replayW', 'replayW', dict(lr=0.05, weight_decay=0.01, momentum=0.9), True),
]
ADAFACTOR_CASES = [
    ('adafactor.run.softmaxA', 'softmaxA', {}),
    ('adafactor.run.quadA', 'quadA', {}),
    ('adafactor.relstep_wd.rosenA', 'rosenA', dict(lr=0.9, weight_decay=0.1, d=1.5)),
    ('adafactor.eps_maximize.replayW', 'replayW', dict(lr=0.05, beta2_decay=-0.5, eps=[1e-30, 1e-2], d=2.0,
                                                      maximize=True)),
]

MUON_DEFAULTS = dict(lr=1e-3, weight_decay=0.1, momentum=0.95, nesterov=True,
                     ns_coefficients=[3.4445, -4.775, 2.0315], eps=1e-7, ns_steps=5, adjust_lr_fn=None,
                     use_addmm=False)
KJ_DEFAULTS = dict(lr=0.02, weight_decay=0, momentum=0.95, nesterov=True, ns_steps=5)
ADAFACTOR_DEFAULTS = dict(lr=0.01, beta2_decay=-0.8, eps=[None, 0.001], d=1.0, weight_decay=0.0, maximize=False)


def cases():
    tm = load('torch_muon')
    kj = load('kellerjordan')
    ta = load('torch_adafactor')
    out = []
    for cid, pname, over, frozen in TORCH_MUON_CASES:
        prob = problem(pname)
        layout = block_layout(prob, frozen)
        h = dict(MUON_DEFAULTS, **over)
        kw = dict(h, ns_coefficients=tuple(h['ns_coefficients']))
        steps, fs, theta = run(prob, layout, lambda ps: tm['Muon'](ps, **kw))
        out.append(('muon', make_case(cid, source('torch_muon', 'torch.optim.Muon (PyTorch >= 2.9), _single_tensor_muon'),
                                      'Muon', cid.rsplit('.', 1)[0], 'torch.optim.Muon([W], ' + _kw(over) + ')', h,
                                      prob, layout, steps, fs, theta, MUON_NOTES)))
    for cid, pname, over, frozen in KJ_MUON_CASES:
        prob = problem(pname)
        layout = block_layout(prob, frozen)
        h = dict(KJ_DEFAULTS, **over)
        kw = {k: h[k] for k in ('lr', 'weight_decay', 'momentum')}
        steps, fs, theta = run(prob, layout, lambda ps: kj['SingleDeviceMuon'](ps, **kw))
        out.append(('muon', make_case(cid, source('kellerjordan', 'KellerJordan/Muon SingleDeviceMuon, muon_update, '
                                                  'zeropower_via_newtonschulz5'),
                                      'Muon', cid.rsplit('.', 1)[0], 'SingleDeviceMuon([W], ' + _kw(over) + ')', h,
                                      prob, layout, steps, fs, theta,
                                      MUON_NOTES + ' SingleDeviceMuon always uses nesterov=True and 5 steps'
                                      ' (muon_update defaults).')))
    for cid, pname, over in ADAFACTOR_CASES:
        prob = problem(pname)
        layout = block_layout(prob, False)
        h = dict(ADAFACTOR_DEFAULTS, **over)
        kw = dict(h, eps=tuple(h['eps']))
        steps, fs, theta = run(prob, layout, lambda ps: ta['Adafactor'](ps, **kw))
        names = ', '.join(b[0] for b in layout)
        out.append(('adafactor', make_case(cid, source('torch_adafactor', 'torch.optim.Adafactor (PyTorch >= 2.5), '
                                                       '_single_tensor_adafactor'),
                                           'Adafactor', cid.rsplit('.', 1)[0],
                                           'torch.optim.Adafactor([' + names + '], ' + _kw(over) + ')', h,
                                           prob, layout, steps, fs, theta, ADAFACTOR_NOTES)))
    return out


def _kw(over):
    return ', '.join(f'{k}={v!r}' for k, v in over.items()) or 'defaults'


def index(directory, cs):
    """index.json of the directory: the shared transcriptions copied there, then the generated cases."""
    shared = []
    path = os.path.join(directory, 'index.json')
    generated = {c['id'] for _, c in cs}
    if os.path.exists(path):
        with open(path) as f:
            shared = [e for e in json.load(f)['cases'] if e['id'] not in generated]
    entries = shared
    for _, c in cs:
        entries.append({'id': c['id'], 'file': c['id'] + '.json', 'algorithm': c['algorithm'], 'variant': c['variant'],
                        'problem': c['problem']['instance'], 'problem_type': c['problem']['type'],
                        'steps': c['num_steps'], 'schedule': None, 'commit': c['source']['commit'],
                        'blocks': [[b['name'], b['shape']] for b in c['blocks'] if b['optimized']]})
    text = '{\n "format": "optim-golden/1",\n "cases": [\n'
    text += ',\n'.join('  ' + json.dumps(e) for e in entries) + '\n ]\n}\n'
    return text


def compare_shared(cs):
    """Largest |theta - shared transcription| per case that has a shared counterpart."""
    for family, c in cs:
        path = os.path.join(SHARED, family, c['id'].replace('.run.', '.default.' if family == 'adafactor' else '.')
                            + '.json')
        if not os.path.exists(path):
            continue
        with open(path) as f:
            shared = json.load(f)
        a = np.array([s['theta'] for s in c['steps']])
        b = np.array([s['theta'] for s in shared['steps']])
        dev = np.abs(a - b)
        rel = dev / np.maximum(np.abs(b), 1e-300)
        print(f'{c["id"]}: vs ../shared transcription max_abs {dev.max():.3e}, max_rel {rel[b != 0].max():.3e}')


def main():
    check = '--check' in sys.argv
    cs = cases()
    differ = False
    for family in ('muon', 'adafactor'):
        directory = MUON_DIR if family == 'muon' else ADAFACTOR_DIR
        os.makedirs(directory, exist_ok=True)
        mine = [x for x in cs if x[0] == family]
        files = [(c['id'] + '.json', common.dumps_case(c)) for _, c in mine] + [('index.json', index(directory, mine))]
        for name, text in files:
            path = os.path.join(directory, name)
            if check:
                same = os.path.exists(path) and open(path).read() == text
                print(('same     ' if same else 'DIFFERS  ') + os.path.join(family, name))
                differ |= not same
            else:
                with open(path, 'w') as f:
                    f.write(text)
                print('wrote ' + os.path.join(family, name))
    compare_shared(cs)
    sys.exit(1 if differ else 0)


if __name__ == '__main__':
    main()
