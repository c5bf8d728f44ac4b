"""The worked numbers of the information-theory chapter.

Expected values come from the syllabus (syllabus.yml, checked by
tests/test_syllabus.py: the
forecaster's surprise -ln 0.99 ~ 0.01 and -ln 0.01 ~ 4.6, cross-entropy =
entropy + KL, KL = 0 only at q = p, minimising log loss = maximum likelihood;
002: the Bernoulli likelihood a^y (1 - a)^(1 - y)), from hand derivations
(ln 2 for a fair coin, 1 bit, the sample mean as the maximum-likelihood
estimate) or from SciPy (``scipy.stats.entropy``), never from lossbook's own
output.  Each is checked through lossbook and as the value the chapter glues.
"""

import math

import numpy as np
import pytest
from scipy.stats import entropy as scipy_entropy

import lossbook
from tools.notebooks import glued_number
from tools.toc import ROOT

CHAPTER = ROOT / "book" / "information-theory.ipynb"

bce = lossbook.binary_cross_entropy

# The chapter's weather example: the climate p and a forecaster's q (inputs).
P_WEATHER = np.array([0.6, 0.3, 0.1])
Q_WEATHER = np.array([0.4, 0.4, 0.2])


# A glued value is computed on the machine that last ran `make notebooks`;
# another CPU's vector code may change its last bits, not its 11th digit.
GLUED_REL = 1e-11


def glued(name):
    return glued_number(CHAPTER, name)


# (glue name, expected value, decimals, computed through lossbook)
SEED_NUMBERS = [
    # the syllabus's 51 % forecast on a dry day is only mildly surprising: -ln 0.49
    (
        "surprise_51_dry",
        round(-math.log(0.49), 3),
        3,
        lambda: bce([0], [0.51]),
    ),
    # surprise adds over independent days: -ln(0.01^2) = 2 ln 100
    (
        "surprise_two_dry",
        round(2 * math.log(100), 3),
        3,
        lambda: 2 * bce([0], [0.99]),
    ),
    # a fair coin: ln 2 ~ 0.693 nats = 1 bit
    ("h_fair_nats", 0.693, 3, lambda: lossbook.entropy([0.5, 0.5])),
    ("h_fair_bits", 1.0, 6, lambda: lossbook.entropy([0.5, 0.5], base=2)),
    # -log2(0.01) = log2(100) ~ 6.644 bits; one nat = 1 / ln 2 ~ 1.443 bits
    (
        "surprise_dry_bits",
        6.644,
        3,
        lambda: lossbook.cross_entropy([0, 1], [0.99, 0.01], base=2),
    ),
    (
        "bits_per_nat",
        1.443,
        3,
        lambda: (
            lossbook.entropy([0.5, 0.5], base=2) / lossbook.entropy([0.5, 0.5])
        ),
    ),
]


@pytest.mark.parametrize(
    "name, expected, decimals, compute",
    SEED_NUMBERS,
    ids=[n[0] for n in SEED_NUMBERS],
)
def test_information_theory_number(name, expected, decimals, compute):
    assert round(compute(), decimals) == expected
    assert round(glued(name), decimals) == expected


# (glue name, SciPy's value, computed through lossbook)
WEATHER_NUMBERS = [
    (
        "h_weather",
        scipy_entropy(P_WEATHER),
        lambda: lossbook.entropy(P_WEATHER),
    ),
    (
        "h_pq_weather",
        scipy_entropy(P_WEATHER) + scipy_entropy(P_WEATHER, Q_WEATHER),
        lambda: lossbook.cross_entropy(P_WEATHER, Q_WEATHER),
    ),
    (
        "kl_weather",
        scipy_entropy(P_WEATHER, Q_WEATHER),
        lambda: lossbook.kl_divergence(P_WEATHER, Q_WEATHER),
    ),
    (
        "kl_weather_reverse",
        scipy_entropy(Q_WEATHER, P_WEATHER),
        lambda: lossbook.kl_divergence(Q_WEATHER, P_WEATHER),
    ),
    (
        "h_weather_bits",
        scipy_entropy(P_WEATHER, base=2),
        lambda: lossbook.entropy(P_WEATHER, base=2),
    ),
]


@pytest.mark.parametrize(
    "name, expected, compute",
    WEATHER_NUMBERS,
    ids=[n[0] for n in WEATHER_NUMBERS],
)
def test_weather_number_matches_scipy(name, expected, compute):
    assert compute() == pytest.approx(expected, rel=1e-12)
    assert glued(name) == pytest.approx(expected, rel=GLUED_REL)


def test_weather_cross_entropy_by_hand():
    by_hand = -(
        0.6 * math.log(0.4) + 0.3 * math.log(0.4) + 0.1 * math.log(0.2)
    )
    assert glued("h_pq_weather") == pytest.approx(by_hand, rel=GLUED_REL)


def test_cross_entropy_is_entropy_plus_kl_in_the_chapter():
    """Seed 003: cross-entropy(p, q) = entropy(p) + KL(p || q)."""
    assert glued("h_pq_weather") == pytest.approx(
        glued("h_weather") + glued("kl_weather"), rel=2 * GLUED_REL
    )
    assert glued("kl_weather") > 0


def test_kl_is_zero_only_at_q_equal_p():
    """Seed 003: KL(p || q) >= 0, and = 0 exactly when q = p."""
    assert glued("kl_self") == pytest.approx(0.0, abs=1e-15)
    assert lossbook.kl_divergence(P_WEATHER, P_WEATHER) == pytest.approx(
        0.0, abs=1e-15
    )
    assert glued("kl_random_min") >= 0
    rng = np.random.default_rng(seed=0)
    p, q = rng.dirichlet(np.ones(4), size=(2, 500))
    kl = lossbook.kl_divergence(p, q)
    assert np.all(kl > 0)
    np.testing.assert_allclose(kl, scipy_entropy(p, q, axis=-1), rtol=1e-10)


def test_kl_is_not_symmetric():
    assert glued("kl_weather") != pytest.approx(
        glued("kl_weather_reverse"), rel=1e-3
    )


def test_simulated_log_loss_approaches_cross_entropy():
    """The mean log loss over 10,000 simulated days estimates H(p, q) and H(p)."""
    assert glued("loss_q_sim") == pytest.approx(
        glued("h_pq_weather"), abs=0.03
    )
    assert glued("loss_p_sim") == pytest.approx(glued("h_weather"), abs=0.03)


def test_coin_maximum_likelihood_is_the_sample_mean():
    """Minimising mean log loss over the grid lands on the sample mean k / n."""
    k, n = glued("n_heads"), glued("n_flips")
    assert isinstance(k, int) and isinstance(n, int)
    assert glued("sample_mean") == pytest.approx(k / n, abs=1e-12)
    assert glued("theta_hat") == pytest.approx(k / n, abs=1e-12)


def test_coin_minimum_log_loss_and_likelihood_by_hand():
    """At theta = k/n: mean log loss = H(k/n) and likelihood = theta^k (1-theta)^(n-k)."""
    k, n = glued("n_heads"), glued("n_flips")
    m = k / n
    binary_entropy = -(m * math.log(m) + (1 - m) * math.log(1 - m))
    assert glued("min_mean_log_loss") == pytest.approx(
        binary_entropy, rel=1e-9
    )
    assert glued("h_empirical") == pytest.approx(binary_entropy, rel=1e-9)
    assert glued("likelihood_peak") == pytest.approx(
        m**k * (1 - m) ** (n - k), rel=1e-9
    )


def test_grid_search_through_lossbook_finds_the_sample_mean():
    """Seeds 002/003: a^y (1-a)^(1-y) likelihood; its negative log is the log loss."""
    flips = np.array([1, 1, 0, 1, 1, 1, 0, 1, 0, 1])  # 7 heads in 10 flips
    grid = np.round(np.linspace(0.01, 0.99, 99), 2)
    losses = np.array([bce(flips, np.full(flips.size, t)) for t in grid])
    likelihoods = grid**7 * (1 - grid) ** 3
    assert grid[np.argmin(losses)] == 0.7
    assert grid[np.argmax(likelihoods)] == 0.7
    # -log likelihood = n x mean log loss, also for sklearn-style log_loss
    assert -math.log(0.7**7 * 0.3**3) == pytest.approx(
        10 * bce(flips, np.full(10, 0.7))
    )
    assert lossbook.log_loss(flips, np.full(10, 0.7)) == pytest.approx(
        bce(flips, np.full(10, 0.7))
    )


def test_likelihood_underflows_where_its_logarithm_passes_float64s_floor():
    """The chapter multiplies the factors of ever more flips of its coin (seed 2,
    true theta 0.3) for every theta of its grid, and glues the first flip after
    which even the largest product is 0.0 in float64.  In logarithms nothing
    underflows: a product rounds to 0.0 once it falls below half the smallest
    subnormal, 2^-1075, so the count is the first n at which the largest
    log-likelihood over the grid drops below -1075 ln 2.  By hand, with
    H(0.3) ~ 0.611 nats a flip, that is near 1075 ln 2 / 0.611 ~ 1220 flips.
    """
    rng = np.random.default_rng(seed=2)
    flips = rng.random(2000) < 0.3  # the chapter's 100 flips, then 1,900 more
    heads = np.cumsum(flips)
    n = np.arange(1, flips.size + 1)
    grid = np.round(np.linspace(0.001, 0.999, 999), 3)
    best_log_likelihood = (
        heads[:, None] * np.log(grid) + (n - heads)[:, None] * np.log1p(-grid)
    ).max(axis=1)
    expected = int(np.argmax(best_log_likelihood < -1075 * math.log(2))) + 1
    assert 1100 < expected < 1300
    assert glued("underflow_flips") == expected


# The coding view (second edition).  The code sun 0, cloud 10, rain 11 has
# word lengths 1, 2, 2; the forecast it hides is 2^-L = (1/2, 1/4, 1/4).
CODE_LENGTHS = np.array([1, 2, 2])
CODE_FORECAST = np.array([0.5, 0.25, 0.25])


def test_code_average_length_by_hand():
    # 0.6 x 1 + 0.3 x 2 + 0.1 x 2 = 1.4 bits, above H(p) ~ 1.295 bits.
    assert glued("code_avg_bits") == pytest.approx(1.4, rel=GLUED_REL)
    assert glued("code_avg_bits") > scipy_entropy(P_WEATHER, base=2)
    # The ideal word lengths are the surprises in bits: -log2 0.6, log2 10.
    assert glued("code_ideal_sun") == pytest.approx(-math.log2(0.6))
    assert glued("code_ideal_rain") == pytest.approx(math.log2(10))
    # A 1-in-100 event: log2 100 bits.
    assert glued("surprise_dry_bits") == pytest.approx(math.log2(100))


def test_a_code_is_a_forecast_in_disguise():
    """Average length = H(p, 2^-L) = H(p) + KL(p || 2^-L), in bits."""
    assert np.sum(2.0**-CODE_LENGTHS) == 1.0  # Kraft: the budget is spent
    kl_code = scipy_entropy(P_WEATHER, CODE_FORECAST, base=2)
    assert glued("kl_code_bits") == pytest.approx(kl_code, rel=GLUED_REL)
    assert glued("h_weather_bits") + glued("kl_code_bits") == pytest.approx(
        glued("code_avg_bits"), rel=1e-10
    )


def test_forecaster_in_bits_matches_scipy():
    kl_bits = scipy_entropy(P_WEATHER, Q_WEATHER, base=2)
    assert glued("kl_bits") == pytest.approx(kl_bits, rel=GLUED_REL)
    assert glued("h_pq_bits") == pytest.approx(
        scipy_entropy(P_WEATHER, base=2) + kl_bits, rel=GLUED_REL
    )
    # The code 0/10/11 wastes fewer bits than the forecaster's code.
    assert glued("kl_code_bits") < glued("kl_bits")


def test_simulated_records_cover_the_exact_values():
    """Each 95 % (Student-t) interval of the mean over records contains its
    exact value."""
    assert glued("n_records") == 100 and glued("n_days") == 1000
    for sim, ci, exact in (
        ("loss_q_sim", "loss_q_ci", "h_pq_weather"),
        ("loss_p_sim", "loss_p_ci", "h_weather"),
        ("loss_x_sim", "loss_x_ci", "h_cond"),
    ):
        assert 0 < glued(ci) < 0.01
        assert abs(glued(sim) - glued(exact)) <= glued(ci)
    # One record of 1000 days scatters by roughly sqrt(Var / 1000): the
    # per-day surprise of forecast q takes -ln 0.4 (p = 0.9) or -ln 0.2.
    var_q = 0.9 * 0.1 * (math.log(0.4) - math.log(0.2)) ** 2
    assert glued("loss_q_sd") == pytest.approx(
        math.sqrt(var_q / 1000), rel=0.2
    )


# The barometer: P(high) = P(low) = 1/2 and the rows P(y | x).
ROW_HIGH = np.array([0.85, 0.12, 0.03])
ROW_LOW = np.array([0.35, 0.48, 0.17])


def test_conditional_entropy_of_the_barometer():
    assert np.allclose(0.5 * ROW_HIGH + 0.5 * ROW_LOW, P_WEATHER)
    h_high, h_low = scipy_entropy(ROW_HIGH), scipy_entropy(ROW_LOW)
    assert glued("h_cond_high") == pytest.approx(h_high, rel=GLUED_REL)
    assert glued("h_cond_low") == pytest.approx(h_low, rel=GLUED_REL)
    h_cond = 0.5 * h_high + 0.5 * h_low
    assert glued("h_cond") == pytest.approx(h_cond, rel=GLUED_REL)
    # The prose: a low-pressure day is more uncertain than an average day,
    # yet on average the barometer lowers the floor.
    assert glued("h_cond_low") > glued("h_weather") > glued("h_cond")
    # The saving is the mutual information, computed from the joint table.
    joint = 0.5 * np.stack([ROW_HIGH, ROW_LOW])
    mutual = np.sum(joint * np.log(joint / (0.5 * P_WEATHER)))
    assert glued("h_cond_saved") == pytest.approx(mutual, rel=1e-9)


def _barometer_records():
    """The chapter's simulated records, redrawn: days from the climate (seed
    7), then a barometer reading for each day from p(x | y) (seed 8); the
    mean log loss of each record for the climate forecaster and for the
    barometer reader, written out with plain logarithms."""
    rng = np.random.default_rng(seed=7)
    days = rng.choice(3, size=(100, 1000), p=P_WEATHER)
    p_high_given_y = 0.5 * ROW_HIGH / P_WEATHER
    rng = np.random.default_rng(seed=8)
    high = rng.random(days.shape) < p_high_given_y[days]
    rows = np.where(high[..., None], ROW_HIGH, ROW_LOW)
    picked = np.take_along_axis(rows, days[..., None], axis=-1)[..., 0]
    climate = -np.log(P_WEATHER[days]).mean(axis=1)
    barometer = -np.log(picked).mean(axis=1)
    return climate, barometer


def test_the_barometer_reader_beats_the_climate_forecaster():
    """Paired over the same records: the Student-t 95 % interval of the gain
    excludes 0 but, as the prose says, misses the exact gain H(Y) - H(Y | X)
    by about three standard errors (a miss that rare has a two-sided normal
    probability of about 0.2 %)."""
    from scipy.stats import norm
    from scipy.stats import t as student_t

    climate, barometer = _barometer_records()
    diff = climate - barometer
    se = diff.std(ddof=1) / math.sqrt(diff.size)
    t975 = student_t.ppf(0.975, diff.size - 1)
    exact = glued("h_cond_saved")
    gain, ci = glued("gain_x"), glued("gain_x_ci")
    assert gain == pytest.approx(diff.mean(), rel=1e-9)
    assert ci == pytest.approx(t975 * se, rel=1e-6)
    assert gain - ci > 0
    assert gain - ci > exact  # the interval misses the exact gain
    miss = (diff.mean() - exact) / se
    assert 2.5 < miss < 3.5
    assert glued("gain_x_miss") == pytest.approx(miss, rel=1e-6)
    assert glued("gain_x_tail") == pytest.approx(2 * norm.sf(miss), rel=1e-5)
    assert glued("gain_x_share") == 1.0 == np.mean(diff > 0)
    # the barometer reader's own interval (Student t) contains H(Y | X)
    se_x = barometer.std(ddof=1) / math.sqrt(barometer.size)
    assert glued("loss_x_ci") == pytest.approx(t975 * se_x, rel=1e-6)
    assert glued("loss_x_sim") == pytest.approx(barometer.mean(), rel=1e-9)


def test_a_memorising_table_scores_below_the_floor_only_on_its_training_days():
    """The chapter's table of weather counts per (barometer, dial digit) cell,
    learnt from 30 days (seed 9) with a pseudo-count of 0.1: redrawn and
    scored here with dictionaries and SciPy.  Its training loss lies below
    H(Y | X), its expected loss on new days above H(Y)."""
    from collections import Counter

    rng = np.random.default_rng(seed=9)
    n, pseudo = 30, 0.1
    y = rng.choice(3, size=n, p=P_WEATHER)
    x = np.where(rng.random(n) < 0.5 * ROW_HIGH[y] / P_WEATHER[y], 0, 1)
    dial = rng.integers(10, size=n)
    counts = Counter(zip(x.tolist(), dial.tolist(), y.tolist(), strict=True))

    def predict(reading, digit):
        cell = [counts[(reading, digit, k)] for k in range(3)]
        return np.array(
            [(c + pseudo) / (sum(cell) + 3 * pseudo) for c in cell]
        )

    train = np.mean(
        [
            -math.log(predict(r, d)[k])
            for r, d, k in zip(x, dial, y, strict=True)
        ]
    )
    new = sum(
        0.05 * (scipy_entropy(row) + scipy_entropy(row, predict(r, d)))
        for r, row in enumerate((ROW_HIGH, ROW_LOW))
        for d in range(10)
    )
    assert glued("n_train") == n
    assert glued("memo_train_loss") == pytest.approx(train, rel=1e-9)
    assert glued("memo_new_loss") == pytest.approx(new, rel=1e-9)
    assert glued("memo_train_loss") < glued("h_cond")
    assert glued("memo_new_loss") > glued("h_weather")


def _huffman_average(probs):
    """The average word length of a Huffman code, as the sum of the
    probabilities of every merged group (each merge adds one digit to the
    words of all its members)."""
    import heapq

    heap = list(map(float, probs))
    heapq.heapify(heap)
    total = 0.0
    while len(heap) > 1:
        merged = heapq.heappop(heap) + heapq.heappop(heap)
        total += merged
        heapq.heappush(heap, merged)
    return total


def test_block_codes_approach_the_entropy():
    """Huffman codes for runs of days: pairs by hand, and every block length
    within the source coding bound H <= L_k < H + 1/k."""
    # pairs: 0.36, 0.18, 0.18, 0.09, 0.06, 0.06, 0.03, 0.03, 0.01; merges
    # 0.04, 0.07, 0.12, 0.16, 0.28, 0.36, 0.64, 1 add up to 2.67 bits a pair
    assert glued("block_bits_2") == pytest.approx(2.67 / 2, rel=1e-12)
    h = scipy_entropy(P_WEATHER, base=2)
    block = np.ones(1)
    for k in range(1, 9):
        block = np.outer(block, P_WEATHER).ravel()
        average = _huffman_average(block) / k
        assert h <= average < h + 1 / k
    assert glued("block_bits_8") == pytest.approx(average, rel=1e-9)
    assert glued("block_bits_8") < glued("block_bits_2") < 1.4


def test_four_symbol_code_by_hand():
    # Words 0, 10, 110, 111: 0.4 x 1 + 0.3 x 2 + 0.2 x 3 + 0.1 x 3 = 1.9 bits.
    source = np.array([0.4, 0.3, 0.2, 0.1])
    assert glued("four_avg_bits") == pytest.approx(1.9, rel=GLUED_REL)
    assert glued("four_h_bits") == pytest.approx(
        scipy_entropy(source, base=2), rel=GLUED_REL
    )
    assert glued("four_kl_bits") == pytest.approx(
        1.9 - scipy_entropy(source, base=2), rel=1e-10
    )
    # words for pairs of symbols: closer to the entropy than 1.9
    pair_bits = _huffman_average(np.outer(source, source).ravel()) / 2
    assert glued("four_pair_bits") == pytest.approx(pair_bits, rel=1e-9)
    assert scipy_entropy(source, base=2) < glued("four_pair_bits") < 1.9
