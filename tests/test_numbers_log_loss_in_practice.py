"""The worked numbers of the chapter "Log loss in practice".

Expected values come from the syllabus (syllabus.yml; the forecaster's
-ln 0.99 ~ 0.01 and -ln 0.01 ~ 4.6 are checked there, by
tests/test_syllabus.py), from the entropy of a 50/50
world, ln 2 ~ 0.693, as the loss no model can avoid), from the documented
behaviour of the libraries (scikit-learn clips probabilities to
[eps, 1 - eps] with eps the dtype's machine epsilon, so p = 0 for a true
positive costs -ln(2**-52) ~ 36.04 in float64; PyTorch clamps each log at
-100, so at most 100), or from hand derivations (ln 2, the entropy of the
labels, the minimiser r = q of the expected log loss, the float32 / float64
saturation points from the number of significant bits).  None is copied from
lossbook's output.  Each is checked through lossbook and, where the chapter
states it, as the value the chapter glues into its text.
"""

import math

import numpy as np
import pytest

import lossbook
from lossbook.evaluation import fit_logistic
from tools.notebooks import glued_number
from tools.toc import ROOT

CHAPTER = ROOT / "book" / "log-loss-in-practice.ipynb"

bce = lossbook.binary_cross_entropy


def glued(name):
    return glued_number(CHAPTER, name)


# -ln(eps) for float64 (eps = 2**-52) and float32 (eps = 2**-23), by hand.
CLIP64 = 52 * math.log(2)
CLIP32 = 23 * math.log(2)

# (glue name, expected value, decimals, computed through lossbook)
NUMBERS = [
    # documented scikit-learn clipping: p = 0 for a true positive -> -ln(float64 eps) ~ 36.04
    ("lp_clip64", 36.04, 2, lambda: lossbook.log_loss([1.0, 0.0], [0.0, 1.0])),
    # the same rule with float32 probabilities -> -ln(2**-23)
    (
        "lp_clip32",
        round(CLIP32, 2),
        2,
        lambda: lossbook.log_loss(
            [1.0, 0.0], np.array([0.0, 1.0], dtype=np.float32)
        ),
    ),
    # documented PyTorch clamp: each log at -100, so a certain mistake costs 100
    ("lp_clamp", 100.0, 6, lambda: bce([1.0, 0.0], [0.0, 1.0])),
    # class-prior baseline = entropy of the labels; ln 2 ~ 0.693 for balanced classes
    (
        "lp_baseline_balanced",
        0.693,
        3,
        lambda: lossbook.log_loss([1, 0] * 500, [0.5] * 1000),
    ),
    # hand derivation: H(0.3) and H(0.01)
    (
        "lp_baseline_30",
        round(-(0.3 * math.log(0.3) + 0.7 * math.log(0.7)), 3),
        3,
        lambda: lossbook.log_loss([1] * 300 + [0] * 700, [0.3] * 1000),
    ),
    (
        "lp_baseline_1pct",
        round(-(0.01 * math.log(0.01) + 0.99 * math.log(0.99)), 3),
        3,
        lambda: lossbook.log_loss([1] * 10 + [0] * 990, [0.01] * 1000),
    ),
    # proper scoring rule, by hand: belief q = 0.7 -> honest expected loss H(0.7),
    # claiming 99 % costs 0.7 (-ln 0.99) + 0.3 (-ln 0.01)
    (
        "lp_honest_07",
        round(-(0.7 * math.log(0.7) + 0.3 * math.log(0.3)), 3),
        3,
        lambda: bce([0.7], [0.7]),
    ),
    (
        "lp_claim99_07",
        round(-(0.7 * math.log(0.99) + 0.3 * math.log(0.01)), 3),
        3,
        lambda: bce([0.7], [0.99]),
    ),
    # one blunder: the true class got probability 1e-6 -> 6 ln 10
    (
        "lp_blunder_cost",
        round(6 * math.log(10), 3),
        3,
        lambda: bce([1], [1e-6]),
    ),
]


@pytest.mark.parametrize(
    "name, expected, decimals, compute", NUMBERS, ids=[n[0] for n in NUMBERS]
)
def test_log_loss_in_practice_number(name, expected, decimals, compute):
    assert round(compute(), decimals) == expected
    assert round(glued(name), decimals) == expected


def test_clip_value_is_minus_log_machine_epsilon():
    assert (
        round(-math.log(np.finfo(np.float64).eps), 2)
        == 36.04
        == round(CLIP64, 2)
    )
    assert round(-math.log(np.finfo(np.float32).eps), 4) == round(CLIP32, 4)


def test_lossbook_log_loss_matches_scikit_learn_at_the_clip():
    from sklearn.metrics import (
        log_loss as sklearn_log_loss,
    )  # a pinned test dependency

    y, p = [1, 0, 1], [0.0, 1.0, 0.8]
    assert math.isclose(
        lossbook.log_loss(y, p), sklearn_log_loss(y, p), rel_tol=1e-12
    )


def test_baseline_equals_entropy_of_the_labels():
    for prior in (0.5, 0.3, 0.1, 0.01):
        h = -(prior * math.log(prior) + (1 - prior) * math.log(1 - prior))
        labels = [1] * round(prior * 1000) + [0] * round((1 - prior) * 1000)
        assert math.isclose(
            lossbook.log_loss(labels, [prior] * 1000), h, rel_tol=1e-9
        )
    assert math.isclose(
        glued("lp_baseline_balanced"), math.log(2), rel_tol=1e-12
    )


# Derived values (no seed states them): the naive loss -log(1 - sigmoid(z)) of a
# label-0 sample is finite while 1 + exp(-z) still rounds above 1, i.e. while
# exp(-z) > 2**-p with p the significant bits (24 for float32, 53 for float64),
# so up to z = p ln 2: ~16.6 (float32) and ~36.7 (float64).  The chapter scans
# a grid of step 0.01, so its value lies within one step below p ln 2.
@pytest.mark.parametrize(
    "name, bits", [("lp_zfinite32", 24), ("lp_zfinite64", 53)]
)
def test_naive_formula_saturation_point(name, bits):
    assert bits * math.log(2) - 0.011 <= glued(name) <= bits * math.log(2)


@pytest.mark.parametrize(
    "name, dtype, bits",
    [("lp_zaccurate32", np.float32, 24), ("lp_zaccurate64", np.float64, 53)],
)
def test_naive_formula_accuracy_limit(name, dtype, bits):
    # Derived: near saturation 1 - sigmoid(z) ~ exp(-z) carries an absolute
    # rounding error of up to 2**-bits, so the loss (~ z) is off by about
    # 2**-bits * exp(z); that reaches 1 % of z near z = ln(0.01 z 2**bits).
    z_saturate = bits * math.log(2)
    z_rough = math.log(0.01 * z_saturate * 2.0**bits)
    assert glued(name) < glued(name.replace("accurate", "finite"))
    assert abs(glued(name) - z_rough) < 1.0
    # and the naive formula really is within 1 % there, and finite
    z = dtype(glued(name))
    with np.errstate(divide="ignore"):
        naive = float(-np.log(1 - lossbook.sigmoid(z)))
    exact = float(z) + math.log1p(math.exp(-float(z)))
    assert abs(naive - exact) <= 0.01 * exact and z < z_saturate


def test_logits_form_is_exact_beyond_saturation():
    for dtype in (np.float32, np.float64):
        for z in (20.0, 40.0, 1000.0):
            loss = lossbook.binary_cross_entropy_with_logits(
                np.zeros(1, dtype=dtype), np.full(1, z, dtype=dtype)
            )
            assert math.isclose(
                loss, z + math.log1p(math.exp(-z)), rel_tol=1e-6
            )


def test_honest_forecast_minimises_expected_log_loss():
    # r = q is the minimiser (set the derivative -q/r + (1-q)/(1-r) to zero)
    assert round(glued("lp_r_best"), 3) == 0.7


def test_weather_record_ranks_the_honest_forecaster_first():
    names = (
        "lp_wx_honest",
        "lp_wx_exaggerator",
        "lp_wx_climate",
        "lp_wx_hedger",
    )
    record = {n: glued(n) for n in names}
    assert (
        record["lp_wx_honest"]
        < record["lp_wx_exaggerator"]
        < record["lp_wx_hedger"]
    )
    assert (
        record["lp_wx_honest"]
        < record["lp_wx_climate"]
        < record["lp_wx_hedger"]
    )
    # a forecaster who always says 50 % pays ln 2 every day, rain or not
    assert math.isclose(record["lp_wx_hedger"], math.log(2), rel_tol=1e-12)


def test_accuracy_and_log_loss_disagree_as_the_chapter_says():
    assert glued("lp_ll_b") > glued("lp_ll_a")
    assert glued("lp_acc_c") > glued("lp_acc_a") and glued("lp_ll_c") > glued(
        "lp_ll_a"
    )


@pytest.mark.parametrize("dtype, bits", [(np.float32, 24), (np.float64, 53)])
def test_one_plus_x_rounds_to_one_below_half_the_gap_above_one(dtype, bits):
    # The chapter's statement, from the format: the gap between 1 and the next
    # float ABOVE it is 2**(1 - bits) (the machine epsilon); 1 + x rounds back
    # to 1 once x is below half of it, 2**-bits.  (The gap below 1 is only
    # 2**-bits, so half of it, 2**-(bits + 1), would be the wrong threshold.)
    one = dtype(1)
    assert np.nextafter(one, dtype(2)) - one == dtype(2.0 ** (1 - bits))
    assert one - np.nextafter(one, dtype(0)) == dtype(2.0**-bits)
    assert one + dtype(0.99 * 2.0**-bits) == one
    assert one + dtype(1.01 * 2.0**-bits) > one
    # so sigmoid(z) is exactly 1 just beyond z = bits ln 2, and not before
    z = bits * math.log(2)
    assert lossbook.sigmoid(dtype(z + 0.01)) == one
    assert lossbook.sigmoid(dtype(z - 0.01)) < one


# ---------------------------------------------------------------- second edition


def test_absolute_error_is_improper():
    # by hand: E|r - y| = q (1 - r) + (1 - q) r = q + (1 - 2q) r, decreasing in
    # r for q = 0.7 > 1/2, so the best report on [0, 1] is r = 1
    assert glued("lp_r_best_abs") == 1.0


def test_probability_passed_as_a_logit():
    # -log sigma(0.99) = log(1 + e^{-0.99}), by hand
    assert math.isclose(
        glued("lp_double_sigmoid"), math.log1p(math.exp(-0.99)), rel_tol=1e-9
    )
    # and sigma(0.99) = 1 / (1 + e^{-0.99}) ~ 0.729
    assert math.isclose(
        glued("lp_sigma_099"), 1 / (1 + math.exp(-0.99)), rel_tol=1e-12
    )


def test_brier_score_of_the_dry_day():
    assert math.isclose(glued("lp_brier_dry"), 0.99**2, rel_tol=1e-12)


# The training-curve experiment: data in [-1, 1]^2 with log-odds
# f(x) = 4 (x1^2 + x2^2 - 1/2) + 2 x1, monomials of degree 1 to 6.
def true_logit(X):
    return 4 * (X[..., 0] ** 2 + X[..., 1] ** 2 - 0.5) + 2 * X[..., 0]


def test_feature_count():
    # degree d contributes d + 1 monomials: 2 + 3 + ... + 7
    assert glued("lp_n_features") == sum(d + 1 for d in range(1, 7)) == 27


def _data_sets():
    """The chapter's inputs, drawn again from its seed: data set k draws its
    points, then its labels; training, then validation, then test."""
    from scipy.special import expit

    rng = np.random.default_rng(seed=7)
    out = []
    for n in (40, 200, 2000):
        X = rng.uniform(-1.0, 1.0, size=(50, n, 2))
        out += [X, (rng.random((50, n)) < expit(true_logit(X))).astype(float)]
    return out


def _features(P):
    """Standardised monomials of degree 1 to 6 (exact moments), no intercept."""
    powers = [(i, d - i) for d in range(1, 7) for i in range(d + 1)]

    def moment(k):  # E[u^k], u uniform on [-1, 1]
        return 0.0 if k % 2 else 1.0 / (k + 1)

    cols = []
    for i, j in powers:
        mean = moment(i) * moment(j)
        sd = math.sqrt(moment(2 * i) * moment(2 * j) - mean**2)
        cols.append((P[..., 0] ** i * P[..., 1] ** j - mean) / sd)
    return np.stack(cols, axis=-1)


def _descend(F, y, F_val, y_val, scale=1.0, epochs=1000):
    """Plain NumPy/SciPy gradient descent (no lossbook), every data set at
    once, at the step 1 / L of L = ||[X, 1]||^2 / (4 n) times scale.  Returns
    the training and validation loss after each epoch, (epochs, sets), and
    the final (w, b)."""
    from scipy.special import expit, log_expit

    sets, n, _ = F.shape
    ones = np.concatenate([F, np.ones((sets, n, 1))], axis=2)
    step = scale / (0.25 * np.linalg.norm(ones, 2, axis=(1, 2)) ** 2 / n)
    w, b = np.zeros(F.shape[::2]), np.zeros(sets)

    def loss(F, y, w, b):
        z = np.einsum("snd,sd->sn", F, w) + b[:, None]
        return -np.mean(np.where(y == 1, log_expit(z), log_expit(-z)), axis=1)

    train, val = [], []
    for _ in range(epochs):
        r = expit(np.einsum("snd,sd->sn", F, w) + b[:, None]) - y
        w = w - step[:, None] * np.einsum("snd,sn->sd", F, r) / n
        b = b - step * r.mean(axis=1)
        train.append(loss(F, y, w, b))
        val.append(loss(F_val, y_val, w, b))
    return np.array(train), np.array(val), (w, b)


@pytest.fixture(scope="module")
def runs():
    X, y, X_val, y_val, X_test, y_test = _data_sets()
    F, F_val = _features(X), _features(X_val)
    train, val, (w, b) = _descend(F, y, F_val, y_val)
    return dict(
        F=F,
        y=y,
        F_val=F_val,
        y_val=y_val,
        train=train,
        val=val,
        w=w,
        b=b,
        X_test=X_test,
        y_test=y_test,
    )


@pytest.mark.slow  # an independent re-run of the experiment: make test-slow
def test_first_data_set_curves_by_an_independent_implementation(runs):
    """Plain NumPy/SciPy gradient descent (no lossbook) on the chapter's
    first data set reproduces the glued minimum and end of its curves."""
    val = runs["val"][:, 0]
    assert glued("lp_of_best_epoch") == int(np.argmin(val)) + 1
    assert math.isclose(glued("lp_of_val_min"), val.min(), rel_tol=1e-9)
    assert math.isclose(glued("lp_of_val_end"), val[-1], rel_tol=1e-9)
    # the chapter's reading: the training loss falls, the validation loss
    # rises well past its minimum, the accuracy moves by a few points only
    assert glued("lp_of_train_end") < glued("lp_of_train_first")
    assert glued("lp_of_val_end") > glued("lp_of_val_min") + 0.1
    assert abs(glued("lp_of_acc_end") - glued("lp_of_acc_min")) < 0.05


def test_fifty_data_set_summary_by_scipy(runs):
    """The means and Student-t intervals over the fifty sets, from the
    independent curves and scipy.stats.t (not lossbook.evaluation)."""
    from scipy import stats

    val = runs["val"]
    e_min = val.argmin(axis=0) + 1
    rise = val[-1] - val.min(axis=0)
    t = stats.t.ppf(0.975, df=49)
    for name, values in (("lp_os_emin", e_min), ("lp_os_rise", rise)):
        assert math.isclose(glued(name), values.mean(), rel_tol=1e-9)
        half = t * values.std(ddof=1) / math.sqrt(50)
        assert math.isclose(glued(name + "_ci"), half, rel_tol=1e-9)
    assert math.isclose(glued("lp_os_emin_median"), np.median(e_min))


def test_over_fitting_holds_over_the_fifty_data_sets():
    assert glued("lp_os_n_rose") == glued("lp_n_sets") == 50
    # the rise is positive with 95 % confidence, the accuracy drop is small
    assert glued("lp_os_rise") - glued("lp_os_rise_ci") > 0
    assert glued("lp_os_acc_drop") + glued("lp_os_acc_drop_ci") < 0.05
    # "the minimum comes early": well inside the first tenth of the budget
    assert glued("lp_os_emin") + glued("lp_os_emin_ci") < 100
    assert glued("lp_os_val_end") > glued("lp_os_val_min")


def _true_prior_and_bayes_loss():
    """P(y = 1) and the mean conditional entropy E[H(sigma(f(x)))] over the
    uniform square, by the midpoint rule on a fine grid (no sampling)."""
    from scipy.special import expit

    g = (np.arange(1000) + 0.5) / 500 - 1
    X = np.stack(np.meshgrid(g, g), axis=-1)
    a = expit(true_logit(X))
    with np.errstate(divide="ignore", invalid="ignore"):
        h = -np.nan_to_num(a * np.log(a)) - np.nan_to_num(
            (1 - a) * np.log1p(-a)
        )
    return a.mean(), h.mean()


def test_baseline_and_floor_of_the_experiment():
    prior, bayes = _true_prior_and_bayes_loss()
    h_prior = -(prior * math.log(prior) + (1 - prior) * math.log(1 - prior))
    # 100,000 test labels: sampling error of a few thousandths at most
    assert abs(glued("lp_prior_h") - h_prior) < 0.005
    assert abs(glued("lp_bayes_test") - bayes) < 0.01


def test_stalled_curves():
    # tiny step: 1000 steps of a thousandth of the default do about the work
    # of one default step, and the curve is still falling
    assert abs(glued("lp_tiny_val_end") - glued("lp_plain_val_epoch1")) < 0.03
    assert glued("lp_tiny_slope") > 0
    # straight boundary: converged (flat), no better than the prior baseline,
    # far above the flexible model's best
    assert glued("lp_line_settled") < 1e-2
    assert glued("lp_line_val_end") > glued("lp_prior_h") - 0.01
    assert glued("lp_line_val_end") > glued("lp_os_val_min") + 0.1


def test_remedies_as_the_chapter_reports_them():
    for key in ("es", "l2_001", "l2_01", "l2_1", "smooth"):
        # the 95 % interval of the paired difference lies below 0
        assert glued(f"lp_gain_{key}_upper") < 0
        assert glued(f"lp_test_{key}") < glued("lp_test_plain")
    # early stopping and L2 with lambda = 0.1 cannot be told apart
    assert abs(glued("lp_es_minus_l2")) < glued("lp_es_minus_l2_ci")
    # both stay above the true model's loss
    for key in ("es", "l2_01"):
        assert glued(f"lp_test_{key}") - glued(f"lp_test_{key}_ci") > glued(
            "lp_bayes_test"
        )
    # smoothing helps least: its interval lies above every other remedy's
    others = ("es", "l2_001", "l2_01", "l2_1")
    assert glued("lp_test_smooth") - glued("lp_test_smooth_ci") > max(
        glued(f"lp_test_{k}") + glued(f"lp_test_{k}_ci") for k in others
    )
    # lambda = 1 under-fits: its best validation loss is above the
    # unregularised model's best
    assert glued("lp_l2_1_val_min") > glued("lp_os_val_min")


def test_more_data_delays_and_shrinks_the_rise():
    assert glued("lp_md_emin") > glued("lp_os_emin")
    assert glued("lp_md_rise") + glued("lp_md_rise_ci") < glued(
        "lp_os_rise"
    ) - glued("lp_os_rise_ci")


def test_scaling_the_weights(runs):
    from scipy.optimize import minimize_scalar
    from scipy.special import log_expit

    assert glued("lp_norm_at_end") > glued("lp_norm_at_best")
    # the best constant c for the final weights of the first data set, by
    # SciPy's bounded scalar minimiser on the validation loss of c z
    z = runs["F_val"][0] @ runs["w"][0] + runs["b"][0]
    y = runs["y_val"][0]

    def loss(c):
        return -np.mean(np.where(y == 1, log_expit(c * z), log_expit(-c * z)))

    best = minimize_scalar(
        loss, bounds=(0.0, 1.0), method="bounded", options={"xatol": 1e-10}
    )
    assert math.isclose(glued("lp_c_best"), best.x, rel_tol=1e-6)
    assert math.isclose(glued("lp_scaled_best"), best.fun, rel_tol=1e-9)
    # shrinking helps, but does not bring back the early minimum
    assert (
        glued("lp_of_val_min")
        < glued("lp_scaled_best")
        < glued("lp_of_val_end")
    )


def test_large_step(runs):
    """30 times the default step, 30 epochs: the independent implementation
    gives the glued numbers, and the run stops while it is reproducible."""
    F, y, F_val, y_val = (runs[key] for key in ("F", "y", "F_val", "y_val"))
    train, val, _ = _descend(F, y, F_val, y_val, scale=30.0, epochs=30)
    small_train, small_val, _ = _descend(F, y, F_val, y_val, epochs=30)
    assert glued("lp_big_scale") == 30 and glued("lp_big_epochs") == 30
    # at zero weights the loss is ln 2; count the sets whose loss ever rose
    path = np.vstack([np.full(50, math.log(2)), train])
    rose = int(np.any(np.diff(path, axis=0) > 0, axis=0).sum())
    assert glued("lp_big_rose") == rose == 50
    # the default step (below 2/L) never raises the training loss
    path = np.vstack([np.full(50, math.log(2)), small_train])
    assert np.all(np.diff(path, axis=0) < 0)
    for name, value in (
        ("lp_big_first", train[0].mean()),
        ("lp_big_train_end", train[-1].mean()),
        ("lp_small_train_end", small_train[-1].mean()),
        ("lp_big_val_min", val.min(axis=0).mean()),
        ("lp_small_val_min", small_val.min(axis=0).mean()),
    ):
        assert math.isclose(glued(name), value, rel_tol=1e-6), name
    assert glued("lp_big_first") > math.log(2)
    assert glued("lp_big_val_min") > glued("lp_small_val_min")
    # the chapter's reason for stopping at 30 epochs: one ulp of change in
    # the data moves the curves by far less than 1e-6 at epoch 30, and by
    # more than 1e-3 before epoch 100
    tilted, _, _ = _descend(F * (1 + 2**-52), y, F_val, y_val, 30.0, 100)
    ref, _, _ = _descend(F, y, F_val, y_val, 30.0, 100)
    gap = np.abs(tilted - ref).max(axis=1)
    assert gap[29] < 1e-8 and gap[-1] > 1e-3


def test_l2_run_reaches_the_penalised_optimum(runs):
    """With lambda = 0.1 the gradient-descent budget suffices: Newton's
    method to the last digit (lossbook.evaluation.fit_logistic) gives the
    same mean test loss."""
    from scipy.special import log_expit

    fits = fit_logistic(runs["F"], runs["y"], l2=0.1)
    F_test = _features(runs["X_test"])
    z = np.einsum("snd,sd->sn", F_test, fits[:, :-1]) + fits[:, -1:]
    y = runs["y_test"]
    test = -np.mean(np.where(y == 1, log_expit(z), log_expit(-z)), axis=1)
    assert abs(glued("lp_test_l2_01") - test.mean()) < 1e-3


def test_jukes_cantor_distance():
    from scipy.optimize import minimize_scalar

    p_hat = glued("lp_jc_p_hat")
    # a fraction of 1000 sites, near p(0.3) = 3/4 (1 - e^{-0.4}) ~ 0.247
    assert round(p_hat * 1000) == pytest.approx(p_hat * 1000, abs=1e-9)
    assert abs(p_hat - 0.75 * (1 - math.exp(-0.4))) < 0.04

    # maximise the Jukes-Cantor likelihood of the counts over d with SciPy
    def nll(d):
        same = 0.25 + 0.75 * math.exp(-4 * d / 3)
        return -(
            p_hat * math.log((1 - same) / 3) + (1 - p_hat) * math.log(same)
        )

    best = minimize_scalar(
        nll, bounds=(1e-6, 3.0), method="bounded", options={"xatol": 1e-12}
    )
    assert math.isclose(glued("lp_jc_d_hat"), best.x, rel_tol=1e-6)
    assert glued("lp_jc_d_hat") > p_hat  # multiple hits: d exceeds p


def test_gan_generator_slopes():
    # d/da log(1 - sigma(a)) = -sigma(a) = -D; d/da -log sigma(a) = D - 1
    assert math.isclose(glued("lp_gan_minimax_slope"), 0.001, rel_tol=1e-9)
    assert math.isclose(glued("lp_gan_ns_slope"), 0.999, rel_tol=1e-9)


def test_beyond_classification_numbers():
    # a uniform guess over V tokens: exp(ln V) = V
    assert math.isclose(glued("lp_ppl_uniform"), 50, rel_tol=1e-12)
    # equal scores over N = 8 candidates: log 8; the bound is log N - L
    assert math.isclose(glued("lp_nce_no_info"), math.log(8), rel_tol=1e-12)
    assert math.isclose(
        glued("lp_nce_bound"), math.log(8) - glued("lp_nce_loss"), rel_tol=1e-9
    )
    assert 0 < glued("lp_nce_bound") <= math.log(8)
    # two point masses apart: JS = (ln 2 + ln 2) / 2 = ln 2, by hand
    assert math.isclose(glued("lp_js_constant"), math.log(2), rel_tol=1e-12)
