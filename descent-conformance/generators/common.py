"""Shared tooling for the golden-case generators (importable; no side effects on import).

Loads the public problems (quadA, rosenA, replayA, softmaxA) from the case files already under
src/test/resources/conformance/, evaluates J and its gradient in float64 torch, runs a torch
optimizer for N steps (or, with ``run_numpy``, an optimizer transcribed in numpy) while recording
theta, gradients and per-step extras, and writes an
``optim-golden/1`` case in the layout of the existing lrfree cases.

Run with Debian's python (``/usr/bin/python3``), which has python3-torch 1.13.
"""
import copy
import hashlib
import importlib.util
import json
import math
import os

import numpy as np
import torch

torch.set_default_dtype(torch.float64)

HERE = os.path.dirname(os.path.abspath(__file__))
CONFORMANCE = os.path.normpath(os.path.join(HERE, '..', 'src', 'test', 'resources', 'conformance'))
LRFREE = os.path.join(CONFORMANCE, 'lrfree')

# a case file holding each public problem's full data (theta0 included)
PROBLEM_FILES = {
    'quadA': 'prodigy.default.quadA.json',
    'rosenA': 'dadapt_adam.default.rosenA.json',
    'replayA': 'prodigy.default.replayA.json',
    'softmaxA': 'sf_sgd.default.softmaxA.json',
}

TORCH_VERSION = ("torch 1.13.1 (Debian package python3-torch 1.13.1+dfsg-4; torch.__version__ reports '"
                 + torch.__version__ + "')")
DTYPE = 'float64 (parameters, gradients and state; torch.set_default_dtype(torch.float64))'
TOLERANCE = {
    'recorded_gradients': {'rtol': 1e-12, 'atol': 1e-14},
    'recomputed_gradients': {'rtol': 1e-10, 'atol': 1e-12},
}


def sha256_file(path):
    """The hex SHA-256 of a file's bytes."""
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def import_checked(path, sha256, module_name):
    """Imports a reference source file after checking its SHA-256 (refuses a modified copy)."""
    actual = sha256_file(path)
    if actual != sha256:
        raise SystemExit(f'{path}: SHA-256 is {actual}, expected {sha256}; refusing to import a changed reference')
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def verify_checked(path, sha256):
    """Refuses a reference file whose SHA-256 differs (for sources that are transcribed, not imported)."""
    actual = sha256_file(path)
    if actual != sha256:
        raise SystemExit(f'{path}: SHA-256 is {actual}, expected {sha256}; refusing to use a changed reference')
    return path


class Problem:
    """A public problem: its JSON data (``problem``), theta0 and, for replayA, the gradient sequence."""

    def __init__(self, name):
        with open(os.path.join(LRFREE, PROBLEM_FILES[name])) as f:
            case = json.load(f)
        self.name = name
        self.data = case['problem']
        self.theta0 = case['theta0']
        self.type = self.data['type']
        self.replay_grads = [s['grad'] for s in case['steps']] if self.type == 'replay' else None
        self.gradient_evaluation = case['gradient_evaluation']
        d = self.data
        if self.type == 'quadratic':
            self.A = torch.tensor(d['A'])
            self.b = torch.tensor(d['b'])
        elif self.type == 'softmax_regression':
            self.X = torch.tensor(d['X'])
            self.y = torch.tensor(d['y'], dtype=torch.long)

    def tolerance(self):
        t = copy.deepcopy(TOLERANCE)
        if self.type == 'replay':
            t['recomputed_gradients'] = None
        return t

    def loss_grad(self, x, t):
        """(J(x) or None, grad as a new tensor) for step t (1-based), in float64 torch."""
        x = x.detach()
        if self.type == 'replay':
            return None, torch.tensor(self.replay_grads[t - 1])
        if self.type == 'quadratic':
            ax = self.A @ x
            return (0.5 * x.dot(ax) - self.b.dot(x)).item(), ax - self.b
        if self.type == 'rosenbrock':
            a, b = self.data['a'], self.data['b']
            x0, x1 = x[0].item(), x[1].item()
            r = x1 - x0 * x0
            loss = (a - x0) ** 2 + b * r ** 2
            return loss, torch.tensor([-2 * (a - x0) - 4 * b * x0 * r, 2 * b * r])
        if self.type == 'softmax_regression':
            f, c = self.data['features'], self.data['classes']
            xr = x.clone().requires_grad_(True)
            W = xr[:f * c].reshape(f, c)
            z = self.X @ W + xr[f * c:]
            loss = torch.nn.functional.cross_entropy(z, self.y)
            loss.backward()
            return loss.item(), xr.grad.detach().clone()
        raise ValueError(self.type)

    def loss(self, x):
        return None if self.type == 'replay' else self.loss_grad(x, 1)[0]


def run(problem, make_optimizer, num_steps, extras):
    """Runs ``num_steps`` steps of the optimizer built by ``make_optimizer([param])``.

    ``extras(optimizer, param)`` returns the per-step extra fields (a dict, in output order),
    read after each step. Returns (steps, optimizer, param). The gradient of step t is taken at
    the parameter before step t; the recorded grad is the raw gradient (before any weight decay
    the optimizer folds into p.grad).
    """
    p = torch.tensor(problem.theta0).requires_grad_(False)
    param = torch.nn.Parameter(p.clone())
    opt = make_optimizer([param])
    steps = []
    for t in range(1, num_steps + 1):
        loss, g = problem.loss_grad(param.data, t)
        rec = {'t': t}
        pre = extras.get('before', lambda o, q: {})(opt, param)
        rec.update(pre)
        rec['loss'] = loss
        rec['grad'] = g.tolist()
        param.grad = g.clone()
        opt.step()
        rec['theta'] = param.data.tolist()
        rec.update(extras['after'](opt, param))
        steps.append(rec)
    return steps, opt, param


def run_numpy(problem, init, update, num_steps, extras):
    """Like ``run``, for an optimizer written in numpy float64: ``init(theta0)`` gives the state and
    ``update(grad, state, params)`` returns ``(new_params, new_state, step_extras)``, all numpy.

    The gradient of step t is taken at the parameters before step t (in float64 torch, as ``run``
    does) and recorded raw. ``extras['before'](state, params)`` gives the fields recorded before
    ``loss`` (``lr``, ...); the ``step_extras`` dict returned by ``update`` is recorded after
    ``theta``. Returns (steps, state, params).
    """
    params = np.array(problem.theta0, dtype=np.float64)
    state = init(params.copy())
    steps = []
    for t in range(1, num_steps + 1):
        loss, g = problem.loss_grad(torch.tensor(params), t)
        grad = g.numpy().astype(np.float64, copy=True)
        rec = {'t': t}
        rec.update(extras.get('before', lambda s, q: {})(state, params))
        rec['loss'] = loss
        rec['grad'] = grad.tolist()
        params, state, after = update(grad, state, params)
        rec['theta'] = params.tolist()
        rec.update(after)
        steps.append(rec)
    return steps, state, params


def scalar(v):
    """A JSON scalar from a python number or 0-dim tensor."""
    if isinstance(v, torch.Tensor):
        return v.item()
    return v


# --- the case writer: the layout of the existing lrfree files -------------------------------

def _inline(v):
    return json.dumps(v, allow_nan=False)


def _format(v, indent):
    pad = ' ' * indent
    inner = ' ' * (indent + 1)
    if isinstance(v, dict):
        if not v:
            return '{}'
        items = [inner + json.dumps(k) + ': ' + _format(x, indent + 1) for k, x in v.items()]
        return '{\n' + ',\n'.join(items) + '\n' + pad + '}'
    if isinstance(v, list) and v and any(isinstance(x, (list, dict)) for x in v):
        return '[\n' + ',\n'.join(inner + _inline(x) for x in v) + '\n' + pad + ']'
    return _inline(v)


def dumps_case(case):
    """The case as text: one space per level, scalar lists and each row/step record on one line."""
    return _format(case, 0) + '\n'


def write_case(case, directory=LRFREE):
    path = os.path.join(directory, case['id'] + '.json')
    with open(path, 'w') as f:
        f.write(dumps_case(case))
    return path


def make_case(*, case_id, source, algorithm, variant, constructor, hyperparameters, implementation,
              problem, steps, final_loss, final_state, notes, extra_top=None):
    """An ``optim-golden/1`` case dict in the field order of the existing lrfree cases."""
    case = {
        'format': 'optim-golden/1',
        'id': case_id,
        'source': source,
        'algorithm': algorithm,
        'variant': variant,
        'constructor': constructor,
        'hyperparameters': hyperparameters,
        'implementation': implementation,
        'schedule': None,
        'problem': problem.data,
        'gradient_evaluation': problem.gradient_evaluation,
        'num_steps': len(steps),
        'theta0': problem.theta0,
        'steps': steps,
        'final_loss': final_loss,
    }
    if extra_top:
        case.update(extra_top)
    case['final_state'] = final_state
    case['tolerance'] = problem.tolerance()
    case['notes'] = notes
    return case
