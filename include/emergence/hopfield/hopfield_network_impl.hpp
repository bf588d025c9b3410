#ifndef EMERGENCE_HOPFIELD_HOPFIELD_NETWORK_IMPL_HPP
#define EMERGENCE_HOPFIELD_HOPFIELD_NETWORK_IMPL_HPP

// Definitions of HopfieldNetwork; included at the end of hopfield_network.hpp.
#include <emergence/hopfield/hopfield_network.hpp>

#include <emergence/detail/error.hpp>
#include <emergence/detail/numeric.hpp>
#include <emergence/detail/random.hpp>

#include <Eigen/QR>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <utility>
#include <vector>

namespace emergence
{

namespace detail
{

/**
 * Copies the strict lower triangle of a square matrix onto its upper triangle. The learning
 * rules compute one triangle and mirror it, so the couplings are symmetric bit for bit, as
 * fromCouplings() and the energy's guarantees require, whatever order a product summed in.
 */
template <typename MatrixType>
void copyLowerToUpper(MatrixType& matrix)
{
    const Eigen::Index n = matrix.rows();
    for (Eigen::Index j = 0; j + 1 < n; ++j)
        matrix.row(j).tail(n - j - 1) = matrix.col(j).tail(n - j - 1).transpose();
}

/**
 * How many leading sweeps of a schedule may run at a positive temperature: up to and
 * including its last positive entry, or every sweep when the last entry (which holds for
 * the sweeps after the schedule) is positive. 0 for an empty or all-zero schedule.
 */
inline Eigen::Index hotSweepCount(const std::vector<double>& temperatures,
                                  Eigen::Index maxSweeps)
{
    if (!temperatures.empty() && temperatures.back() > 0.0)
        return maxSweeps;

    Eigen::Index hot = 0;
    for (std::size_t k = 0; k < temperatures.size(); ++k)
    {
        if (temperatures[k] > 0.0)
            hot = static_cast<Eigen::Index>(k) + 1;
    }
    return hot;
}

/// The temperature of sweep `sweep` (counted from 1): 0 without a schedule.
inline double sweepTemperature(const std::vector<double>& temperatures, Eigen::Index sweep)
{
    if (temperatures.empty())
        return 0.0;
    const auto index = std::min(static_cast<std::size_t>(sweep - 1), temperatures.size() - 1);
    return temperatures[index];
}

} // namespace detail

template <typename Scalar>
HopfieldNetwork<Scalar>::HopfieldNetwork(Eigen::Index units, std::uint64_t seed)
    : m_engine(seed)
{
    if (units < 1)
        throw std::invalid_argument(detail::message(
            "HopfieldNetwork: units is ", units, ", expected at least 1"));

    m_couplings = Matrix::Zero(units, units);
    m_thresholds = Vector::Zero(units);
    m_scaledThresholds = Vector::Zero(units);
}

template <typename Scalar>
template <typename Derived>
void HopfieldNetwork<Scalar>::setThresholds(const Eigen::MatrixBase<Derived>& thresholds)
{
    if (thresholds.rows() != units() || thresholds.cols() != 1)
        throw std::invalid_argument(detail::message(
            "HopfieldNetwork::setThresholds: thresholds are ", thresholds.rows(), " x ",
            thresholds.cols(), ", expected ", units(), " x 1 (one per unit)"));

    // Checked after the conversion to Scalar, and scaled by N, because a double such as
    // 1e300 is finite but overflows a float network.
    const Vector converted = thresholds.template cast<Scalar>();
    const Vector scaled = converted * Scalar(units());
    for (Eigen::Index i = 0; i < units(); ++i)
    {
        if (!std::isfinite(scaled(i)))
            throw std::invalid_argument(detail::message(
                "HopfieldNetwork::setThresholds: threshold ", i, " is ", thresholds(i, 0),
                ", expected a finite value whose product with ", units(),
                " (the unit count) is finite in the network's scalar type"));
    }

    m_thresholds = converted;
    m_scaledThresholds = scaled;
}

template <typename Scalar>
template <typename CouplingsDerived, typename ThresholdsDerived>
HopfieldNetwork<Scalar>
HopfieldNetwork<Scalar>::fromCouplings(const Eigen::MatrixBase<CouplingsDerived>& couplings,
                                       const Eigen::MatrixBase<ThresholdsDerived>& thresholds,
                                       Eigen::Index patternCount, std::uint64_t seed)
{
    const char* function = "HopfieldNetwork::fromCouplings";
    const Eigen::Index n = couplings.rows();
    if (n < 1 || couplings.cols() != n)
        throw std::invalid_argument(
            detail::message(function, ": couplings are ", n, " x ", couplings.cols(),
                            ", expected a square matrix of at least 1 x 1"));
    if (patternCount < 0)
        throw std::invalid_argument(
            detail::message(function, ": patternCount is ", patternCount, ", expected at least 0"));

    // Checked after the conversion to Scalar, as in setThresholds, since a double can be
    // finite and overflow a float network.
    HopfieldNetwork network(n, seed);
    const Matrix converted = couplings.template cast<Scalar>();
    for (Eigen::Index j = 0; j < n; ++j)
    {
        for (Eigen::Index i = 0; i < n; ++i)
        {
            if (!std::isfinite(converted(i, j)))
                throw std::invalid_argument(detail::message(function, ": coupling (", i, ", ", j,
                                                            ") is ", couplings(i, j),
                                                            ", expected a finite value"));
        }
    }

    // The dynamics are only guaranteed to settle, and the energy only to fall, for
    // symmetric couplings without self-coupling; compared exactly, as Hebbian sums are exact.
    for (Eigen::Index j = 0; j < n; ++j)
    {
        if (converted(j, j) != Scalar(0))
            throw std::invalid_argument(detail::message(function, ": coupling (", j, ", ", j,
                                                        ") is ", converted(j, j),
                                                        ", expected 0 (no self-coupling)"));
        for (Eigen::Index i = j + 1; i < n; ++i)
        {
            if (converted(i, j) != converted(j, i))
                throw std::invalid_argument(detail::message(
                    function, ": couplings (", i, ", ", j, ") = ", converted(i, j), " and (", j,
                    ", ", i, ") = ", converted(j, i), " differ, expected a symmetric matrix"));
        }
    }

    // setThresholds checks size and finiteness; its message gains this function's name.
    try
    {
        network.setThresholds(thresholds);
    }
    catch (const std::invalid_argument& error)
    {
        throw std::invalid_argument(detail::message(function, ": ", error.what()));
    }

    network.m_couplings = converted;
    network.m_patternCount = patternCount;
    return network;
}

template <typename Scalar>
template <typename Derived>
void HopfieldNetwork<Scalar>::train(const Eigen::MatrixBase<Derived>& patterns, Coding coding,
                                    LearningRule rule)
{
    const char* function = "HopfieldNetwork::train";
    if (rule != LearningRule::Hebbian && rule != LearningRule::Storkey &&
        rule != LearningRule::PseudoInverse)
        throw std::invalid_argument(detail::message(
            function, ": rule is ", static_cast<int>(rule),
            ", expected LearningRule::Hebbian, Storkey or PseudoInverse"));
    const Matrix bipolar = bipolarStates(patterns, coding, function);

    switch (rule)
    {
    case LearningRule::Hebbian:
        trainHebbian(bipolar);
        break;
    case LearningRule::Storkey:
        trainStorkey(bipolar);
        break;
    case LearningRule::PseudoInverse:
        trainPseudoInverse(bipolar);
        break;
    }
}

template <typename Scalar>
void HopfieldNetwork<Scalar>::trainHebbian(const Matrix& bipolar)
{
    // Hebb's rule summed over the patterns; the diagonal is cleared because self-coupling
    // only adds a constant to the energy and would make every state more stable.
    m_couplings.noalias() += bipolar * bipolar.transpose();
    m_couplings.diagonal().setZero();
    m_patternCount += bipolar.cols();
}

template <typename Scalar>
void HopfieldNetwork<Scalar>::trainStorkey(const Matrix& bipolar)
{
    // Work on a copy, so that a failed allocation leaves the network as it was.
    const Eigen::Index n = units();
    Matrix couplings = m_couplings;
    Vector fields(n);
    const Scalar growth = Scalar(1) + Scalar(2) / Scalar(n);

    for (Eigen::Index p = 0; p < bipolar.cols(); ++p)
    {
        // With f = W x and a zero diagonal, h_ij = f_i - w_ij x_j; as x_i^2 = 1, Storkey's
        // increment becomes (1/N)(x_i x_j - x_i f_j - f_i x_j + 2 w_ij). In couplings
        // C = N W: C_ij <- C_ij (1 + 2/N) + x_i x_j - (x_i f_j + f_i x_j), with f = C x / N.
        // Only the lower triangle is read and written; the upper one is mirrored at the end.
        const auto x = bipolar.col(p);
        fields.noalias() = couplings.template selfadjointView<Eigen::Lower>() * x;
        fields /= Scalar(n);

        // Column j below the diagonal; the diagonal itself stays 0.
        for (Eigen::Index j = 0; j + 1 < n; ++j)
        {
            const Eigen::Index below = n - j - 1;
            auto column = couplings.col(j).tail(below);
            column = column * growth + x.tail(below) * x(j) -
                     (x.tail(below) * fields(j) + fields.tail(below) * x(j));
        }
    }

    // The rule multiplies the couplings by 1 + 2/N per pattern, so far beyond its capacity
    // (thousands of patterns on few units) they overflow; that is reported, not stored.
    if (!couplings.allFinite())
        throw std::overflow_error(detail::message(
            "HopfieldNetwork::train: Storkey couplings overflowed while storing ",
            bipolar.cols(), " patterns on ", n, " units (the rule grows them by 1 + 2/N per "
            "pattern); store fewer patterns or use double. The network is unchanged"));

    detail::copyLowerToUpper(couplings);
    m_couplings.swap(couplings);
    m_patternCount += bipolar.cols();
}

template <typename Scalar>
void HopfieldNetwork<Scalar>::trainPseudoInverse(const Matrix& bipolar)
{
    // Limitation: not incremental, so this replaces what is stored. Adding a pattern x to a
    // projector A is A += e e' / e'e with e = x - A x, but that needs A's diagonal, which
    // the zero-diagonal couplings do not keep, and couplings that hold a projector; a
    // member holding diag(A) and the rule last used would allow it.

    // In double whatever Scalar is: the rank decision and the orthonormal basis are the
    // numerically delicate part, and the result is rounded to Scalar only once, at the end.
    using MatrixD = Eigen::MatrixXd;
    const Eigen::Index n = units();
    const Eigen::Index count = bipolar.cols();
    MatrixD basis(n, 0);
    if (count > 0)
    {
        // Column pivoting reveals the rank; the threshold is the usual numerical-rank
        // tolerance max(N, P) eps relative to the largest pivot (as in MATLAB's rank), which
        // declares exactly dependent patterns dependent despite rounding in the reflections.
        Eigen::ColPivHouseholderQR<MatrixD> qr(bipolar.template cast<double>());
        qr.setThreshold(static_cast<double>(std::max(n, count)) *
                        std::numeric_limits<double>::epsilon());
        const Eigen::Index rank = qr.rank();

        // The first r columns of Q are an orthonormal basis of the span of the patterns.
        basis = qr.householderQ().setLength(rank) * MatrixD::Identity(n, rank);
    }

    // The projector Q_r Q_r' (lower triangle only), scaled to couplings N P; its diagonal
    // is removed and the lower triangle mirrored.
    // No patterns (or only zero ones) span nothing: the projector is 0, and Eigen's rank
    // update is not called with an empty factor, which it does not support.
    MatrixD projector = MatrixD::Zero(n, n);
    if (basis.cols() > 0)
        projector.template selfadjointView<Eigen::Lower>().rankUpdate(basis,
                                                                      static_cast<double>(n));
    projector.diagonal().setZero();
    detail::copyLowerToUpper(projector);

    Matrix couplings = projector.template cast<Scalar>();
    m_couplings.swap(couplings);
    m_patternCount = count;
}

template <typename Scalar>
void HopfieldNetwork<Scalar>::checkSchedule(const RecallOptions& options, const char* function)
{
    const std::vector<double>& temperatures = options.temperatures;
    if (temperatures.empty())
        return;

    // Limitation: no stochastic synchronous (Little) dynamics. They would need a noise seed
    // per cue in the packed GEMM loop and their own ending rules (a hot sweep can neither
    // confirm a fixed point nor a 2-cycle); asynchronous Glauber updates cover annealing.
    if (options.mode == UpdateMode::Synchronous)
        throw std::invalid_argument(detail::message(
            function, ": a temperature schedule needs asynchronous updates, got mode ",
            updateModeName(options.mode), "; use UpdateMode::Sequential or RandomOrder"));
    if (static_cast<Eigen::Index>(temperatures.size()) > options.maxSweeps)
        throw std::invalid_argument(detail::message(
            function, ": the temperature schedule has ", temperatures.size(),
            " entries, expected at most maxSweeps (", options.maxSweeps, ")"));
    for (std::size_t k = 0; k < temperatures.size(); ++k)
    {
        if (!std::isfinite(temperatures[k]) || temperatures[k] < 0.0)
            throw std::invalid_argument(detail::message(function, ": temperature ", k, " is ",
                                                        temperatures[k],
                                                        ", expected a finite value >= 0"));
    }
}

template <typename Scalar>
void HopfieldNetwork<Scalar>::clear()
{
    m_couplings.setZero();
    m_thresholds.setZero();
    m_scaledThresholds.setZero();
    m_patternCount = 0;
    m_workspace = SynchronousWorkspace();
}

template <typename Scalar>
template <typename Derived>
typename HopfieldNetwork<Scalar>::Vector
HopfieldNetwork<Scalar>::localFields(const Eigen::MatrixBase<Derived>& state,
                                     Coding coding) const
{
    if (state.cols() != 1)
        throw std::invalid_argument(detail::message(
            "HopfieldNetwork::localFields: state is ", state.rows(), " x ", state.cols(),
            ", expected ", units(), " x 1 (one column of units)"));
    const Matrix bipolar = bipolarStates(state, coding, "HopfieldNetwork::localFields");

    return (m_couplings * bipolar.col(0)) / Scalar(units()) - m_thresholds;
}

template <typename Scalar>
template <typename Derived>
Scalar HopfieldNetwork<Scalar>::energy(const Eigen::MatrixBase<Derived>& state,
                                       Coding coding) const
{
    if (state.cols() != 1)
        throw std::invalid_argument(detail::message(
            "HopfieldNetwork::energy: state is ", state.rows(), " x ", state.cols(),
            ", expected ", units(), " x 1 (one column of units)"));
    const Matrix bipolar = bipolarStates(state, coding, "HopfieldNetwork::energy");

    // s'(NW)s is a sum of integers and so exact; the division by N comes last.
    const Scalar quadratic = bipolar.col(0).dot(m_couplings * bipolar.col(0));
    return -quadratic / (Scalar(2) * Scalar(units())) + m_thresholds.dot(bipolar.col(0));
}

template <typename Scalar>
template <typename Derived>
RecallResult<Scalar> HopfieldNetwork<Scalar>::recall(const Eigen::MatrixBase<Derived>& cue,
                                                     const RecallOptions& options)
{
    if (cue.cols() != 1)
        throw std::invalid_argument(detail::message(
            "HopfieldNetwork::recall: cue is ", cue.rows(), " x ", cue.cols(),
            ", expected a single column of ", units(),
            " units (use recallBatch for many cues)"));

    return recallColumns(cue, options, "HopfieldNetwork::recall").column(0);
}

template <typename Scalar>
template <typename Derived>
BatchRecallResult<Scalar>
HopfieldNetwork<Scalar>::recallBatch(const Eigen::MatrixBase<Derived>& cues,
                                     const RecallOptions& options)
{
    return recallColumns(cues, options, "HopfieldNetwork::recallBatch");
}

template <typename Scalar>
template <typename Derived>
BatchRecallResult<Scalar>
HopfieldNetwork<Scalar>::recallColumns(const Eigen::MatrixBase<Derived>& cues,
                                       const RecallOptions& options, const char* function)
{
    if (options.maxSweeps < 1)
        throw std::invalid_argument(detail::message(
            function, ": maxSweeps is ", options.maxSweeps, ", expected at least 1"));
    checkSchedule(options, function);

    BatchRecallResult<Scalar> result;
    result.states = bipolarStates(cues, options.coding, function);
    const Eigen::Index count = result.states.cols();
    result.status.assign(count, RecallStatus::SweepLimit);
    result.sweeps.assign(count, 0);

    if (options.mode == UpdateMode::Synchronous)
    {
        runSynchronous(result.states, options.maxSweeps, result.status, result.sweeps);
    }
    else
    {
        // Draw every cue's seeds in column order before any work starts, so a cue's update
        // order and stochastic updates depend on its position in the batch, never on thread
        // scheduling; cue by cue, as recall() of one cue after the other would draw them.
        const bool randomOrder = options.mode == UpdateMode::RandomOrder;
        const bool stochastic = !options.temperatures.empty();
        std::vector<std::uint64_t> orderSeeds(count, 0);
        std::vector<std::uint64_t> noiseSeeds(count, 0);
        for (Eigen::Index j = 0; j < count; ++j)
        {
            if (randomOrder)
                orderSeeds[j] = m_engine();
            if (stochastic)
                noiseSeeds[j] = m_engine();
        }

#ifdef _OPENMP
#pragma omp parallel if (count > 1)
#endif
        {
            Vector fields(units());
            std::vector<Eigen::Index> order(units());

#ifdef _OPENMP
#pragma omp for schedule(dynamic)
#endif
            for (Eigen::Index j = 0; j < count; ++j)
            {
                result.status[j] =
                    runAsynchronous(result.states.col(j), options, orderSeeds[j],
                                    noiseSeeds[j], fields, order, result.sweeps[j]);
            }
        }
    }

    if (options.coding == Coding::Binary)
        result.states = (result.states.array() + Scalar(1)) / Scalar(2);
    return result;
}

template <typename Scalar>
template <typename Derived>
typename HopfieldNetwork<Scalar>::Matrix
HopfieldNetwork<Scalar>::bipolarStates(const Eigen::MatrixBase<Derived>& states, Coding coding,
                                       const char* function) const
{
    if (states.rows() != units())
        throw std::invalid_argument(detail::message(
            function, ": states have ", states.rows(), " units (rows), the network has ",
            units()));

    detail::checkCoding(states, coding, function, "state");

    Matrix bipolar = states.template cast<Scalar>();
    if (coding == Coding::Binary)
        bipolar = (bipolar.array() * Scalar(2) - Scalar(1)).matrix();
    return bipolar;
}

template <typename Scalar>
void HopfieldNetwork<Scalar>::runSynchronous(Matrix& states, Eigen::Index maxSweeps,
                                             std::vector<RecallStatus>& status,
                                             std::vector<Eigen::Index>& sweeps)
{
    // Cues still moving are kept packed in the leading columns, so each sweep is one dense
    // product over exactly those; `origin` maps a packed column to its cue. The three
    // buffers trade roles after every sweep (next -> current -> previous) instead of copying.
    const Eigen::Index count = states.cols();
    Matrix& current = m_workspace.current;
    Matrix& previous = m_workspace.previous;
    Matrix& next = m_workspace.next;
    if (count == 0)
        return;
    if (current.rows() != units() || current.cols() < count)
    {
        current.resize(units(), count);
        previous.resize(units(), count);
        next.resize(units(), count);
    }
    current.leftCols(count) = states;
    std::vector<Eigen::Index> origin(count);
    std::iota(origin.begin(), origin.end(), Eigen::Index(0));
    std::vector<ColumnOutcome> outcome(count);
    Eigen::Index active = count;

    for (Eigen::Index sweep = 1; sweep <= maxSweeps && active > 0; ++sweep)
    {
        next.leftCols(active).noalias() = m_couplings * current.leftCols(active);
        applySignRule(next, current, previous, active, sweep >= 2, outcome);

        // Retire finished columns. Walking backwards, a finished column is swapped with the
        // last active one, which has already been looked at in this sweep.
        for (Eigen::Index k = active - 1; k >= 0; --k)
        {
            if (outcome[k] != ColumnOutcome::FixedPoint)
                sweeps[origin[k]] = sweep;
            if (outcome[k] == ColumnOutcome::Moving)
                continue;

            status[origin[k]] = outcome[k] == ColumnOutcome::FixedPoint
                                    ? RecallStatus::FixedPoint
                                    : RecallStatus::TwoCycle;
            states.col(origin[k]) = next.col(k);
            --active;
            next.col(k).swap(next.col(active));
            current.col(k).swap(current.col(active));
            previous.col(k).swap(previous.col(active));
            std::swap(origin[k], origin[active]);
        }

        previous.swap(current);
        current.swap(next);
    }

    // Cues still moving at the sweep limit keep status SweepLimit.
    for (Eigen::Index k = 0; k < active; ++k)
        states.col(origin[k]) = current.col(k);
}

template <typename Scalar>
void HopfieldNetwork<Scalar>::applySignRule(Matrix& next, const Matrix& current,
                                            const Matrix& previous, Eigen::Index active,
                                            bool havePrevious,
                                            std::vector<ColumnOutcome>& outcome) const
{
    const auto thresholds = m_scaledThresholds.array();

    // Columns are independent, so they are shared among threads when there are enough of
    // them to pay for starting the threads.
#ifdef _OPENMP
#pragma omp parallel for schedule(static) if (active >= 64)
#endif
    for (Eigen::Index k = 0; k < active; ++k)
    {
        // The tie rule over a whole column, written with select() so that it vectorises.
        auto fields = next.col(k).array();
        const auto now = current.col(k).array();
        fields = (fields > thresholds)
                     .select(Scalar(1), (fields < thresholds).select(Scalar(-1), now));

        if (!(fields != now).any())
            outcome[k] = ColumnOutcome::FixedPoint;
        else if (havePrevious && !(fields != previous.col(k).array()).any())
            outcome[k] = ColumnOutcome::TwoCycle;
        else
            outcome[k] = ColumnOutcome::Moving;
    }
}

template <typename Scalar>
template <typename StateType>
RecallStatus HopfieldNetwork<Scalar>::runAsynchronous(StateType&& state,
                                                      const RecallOptions& options,
                                                      std::uint64_t orderSeed,
                                                      std::uint64_t noiseSeed, Vector& fields,
                                                      std::vector<Eigen::Index>& order,
                                                      Eigen::Index& sweeps) const
{
    Engine orderEngine(orderSeed);
    Engine noiseEngine(noiseSeed);
    std::iota(order.begin(), order.end(), Eigen::Index(0));
    fields.noalias() = m_couplings * state;

    // A quiet sweep at T > 0 proves nothing; only sweeps after the last hot one, all at
    // T = 0, may stop recall by changing nothing. Without a schedule that is every sweep.
    const std::vector<double>& temperatures = options.temperatures;
    const Eigen::Index hotSweeps = detail::hotSweepCount(temperatures, options.maxSweeps);
    const double unitCount = static_cast<double>(units());

    for (Eigen::Index sweep = 1; sweep <= options.maxSweeps; ++sweep)
    {
        if (options.mode == UpdateMode::RandomOrder)
            detail::shuffleIndices(order, orderEngine);

        // A flip of unit i by 2 s_i changes every field by 2 s_i times column i, which costs
        // N operations instead of the N^2 of recomputing all fields.
        const double temperature = detail::sweepTemperature(temperatures, sweep);
        bool changed = false;
        for (const Eigen::Index i : order)
        {
            const Scalar threshold = m_scaledThresholds(i);
            const Scalar next =
                temperature > 0.0
                    ? glauberValue(fields(i), threshold, unitCount, temperature, noiseEngine)
                    : updatedValue(fields(i), threshold, state(i));
            if (next != state(i))
            {
                state(i) = next;
                fields.noalias() += (Scalar(2) * next) * m_couplings.col(i);
                changed = true;
            }
        }

        // Hot sweeps flip many units, and with non-integer couplings the fields kept up to
        // date flip by flip drift by rounding; the sweeps at T = 0 and the final check start
        // from fields recomputed once, after the last hot sweep.
        if (sweep == hotSweeps)
            fields.noalias() = m_couplings * state;

        if (changed)
            sweeps = sweep;
        else if (sweep > hotSweeps)
            return RecallStatus::FixedPoint;
    }

    if (temperatures.empty())
        return RecallStatus::SweepLimit;
    return isFixedPoint(state, fields) ? RecallStatus::FixedPoint : RecallStatus::SweepLimit;
}

template <typename Scalar>
template <typename StateType>
bool HopfieldNetwork<Scalar>::isFixedPoint(const StateType& state, const Vector& fields) const
{
    // updatedValue() over every unit at once: a unit moves if its field lies strictly on the
    // other side of the threshold from its state.
    const auto h = fields.array();
    const auto theta = m_scaledThresholds.array();
    const auto s = state.array();
    return !((h > theta && s < Scalar(0)) || (h < theta && s > Scalar(0))).any();
}

template <typename Scalar>
Scalar HopfieldNetwork<Scalar>::glauberValue(Scalar field, Scalar threshold, double unitCount,
                                             double temperature, Engine& engine)
{
    // The difference is taken in double, where its sign is exactly that of the Scalar
    // comparison in updatedValue(), so a tiny T reproduces the deterministic rule away from
    // ties; 2 h / T may overflow to infinity, which the sigmoid maps to exactly 0 or 1.
    const double h = (static_cast<double>(field) - static_cast<double>(threshold)) / unitCount;
    const double probability = detail::sigmoid(2.0 * h / temperature);
    return detail::uniformReal(engine) < probability ? Scalar(1) : Scalar(-1);
}

} // namespace emergence

#endif // EMERGENCE_HOPFIELD_HOPFIELD_NETWORK_IMPL_HPP
