#ifndef EMERGENCE_HOPFIELD_HOPFIELD_NETWORK_IMPL_HPP
#define EMERGENCE_HOPFIELD_HOPFIELD_NETWORK_IMPL_HPP

// Definitions of HopfieldNetwork; included at the end of hopfield_network.hpp.
#include <emergence/hopfield/hopfield_network.hpp>

#include <emergence/detail/error.hpp>
#include <emergence/detail/random.hpp>

#include <cmath>
#include <numeric>
#include <stdexcept>
#include <utility>

namespace emergence
{

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
void HopfieldNetwork<Scalar>::train(const Eigen::MatrixBase<Derived>& patterns, Coding coding)
{
    const Matrix bipolar = bipolarStates(patterns, coding, "HopfieldNetwork::train");

    // Hebb's rule summed over the patterns; the diagonal is cleared because self-coupling
    // only adds a constant to the energy and would make every state more stable.
    m_couplings.noalias() += bipolar * bipolar.transpose();
    m_couplings.diagonal().setZero();
    m_patternCount += bipolar.cols();
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

    BatchRecallResult<Scalar> batch = recallColumns(cue, options, "HopfieldNetwork::recall");

    RecallResult<Scalar> result;
    result.state = batch.states.col(0);
    result.status = batch.status[0];
    result.sweeps = batch.sweeps[0];
    return result;
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
        // Draw every cue's seed in column order before any work starts, so a cue's update
        // order depends on its position in the batch, never on thread scheduling.
        std::vector<std::uint64_t> seeds(count, 0);
        if (options.mode == UpdateMode::RandomOrder)
        {
            for (std::uint64_t& seed : seeds)
                seed = m_engine();
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
                result.status[j] = runAsynchronous(result.states.col(j), options.mode,
                                                   options.maxSweeps, seeds[j], fields, order,
                                                   result.sweeps[j]);
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
RecallStatus HopfieldNetwork<Scalar>::runAsynchronous(StateType&& state, UpdateMode mode,
                                                      Eigen::Index maxSweeps,
                                                      std::uint64_t orderSeed, Vector& fields,
                                                      std::vector<Eigen::Index>& order,
                                                      Eigen::Index& sweeps) const
{
    Engine engine(orderSeed);
    std::iota(order.begin(), order.end(), Eigen::Index(0));
    fields.noalias() = m_couplings * state;

    for (Eigen::Index sweep = 1; sweep <= maxSweeps; ++sweep)
    {
        if (mode == UpdateMode::RandomOrder)
            detail::shuffleIndices(order, engine);

        // A flip of unit i by 2 s_i changes every field by 2 s_i times column i, which costs
        // N operations instead of the N^2 of recomputing all fields.
        bool changed = false;
        for (const Eigen::Index i : order)
        {
            const Scalar next = updatedValue(fields(i), m_scaledThresholds(i), state(i));
            if (next != state(i))
            {
                state(i) = next;
                fields.noalias() += (Scalar(2) * next) * m_couplings.col(i);
                changed = true;
            }
        }

        if (!changed)
            return RecallStatus::FixedPoint;
        sweeps = sweep;
    }
    return RecallStatus::SweepLimit;
}

} // namespace emergence

#endif // EMERGENCE_HOPFIELD_HOPFIELD_NETWORK_IMPL_HPP
