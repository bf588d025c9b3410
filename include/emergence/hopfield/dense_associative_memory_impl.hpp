#ifndef EMERGENCE_HOPFIELD_DENSE_ASSOCIATIVE_MEMORY_IMPL_HPP
#define EMERGENCE_HOPFIELD_DENSE_ASSOCIATIVE_MEMORY_IMPL_HPP

// Definitions of DenseAssociativeMemory; included at the end of dense_associative_memory.hpp.
#include <emergence/hopfield/dense_associative_memory.hpp>

#include <emergence/detail/error.hpp>
#include <emergence/detail/numeric.hpp>
#include <emergence/detail/random.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace emergence
{

template <typename Scalar>
template <typename Derived>
DenseAssociativeMemory<Scalar>::DenseAssociativeMemory(const Eigen::MatrixBase<Derived>& patterns,
                                                       Interaction interaction, Coding coding,
                                                       std::uint64_t seed)
    : m_interaction(interaction), m_engine(seed)
{
    const char* function = "DenseAssociativeMemory";
    if (patterns.rows() < 1 || patterns.cols() < 1)
        throw std::invalid_argument(detail::message(
            function, ": patterns are ", patterns.rows(), " x ", patterns.cols(),
            ", expected at least one pattern (column) of at least one unit"));
    detail::checkCoding(patterns, coding, function, "pattern");

    m_unitPatterns = patterns.transpose().template cast<double>();
    if (coding == Coding::Binary)
        m_unitPatterns = (m_unitPatterns.array() * 2.0 - 1.0).matrix();
}

template <typename Scalar>
template <typename Derived>
double DenseAssociativeMemory<Scalar>::energy(const Eigen::MatrixBase<Derived>& state,
                                              Coding coding) const
{
    if (state.cols() != 1)
        throw std::invalid_argument(detail::message(
            "DenseAssociativeMemory::energy: state is ", state.rows(), " x ", state.cols(),
            ", expected ", units(), " x 1 (one column of units)"));
    const Matrix bipolar = bipolarStates(state, coding, "DenseAssociativeMemory::energy");
    const Eigen::VectorXd overlaps = m_unitPatterns * bipolar.col(0).template cast<double>();

    if (m_interaction.kind() == Interaction::Kind::Exponential)
    {
        detail::LogSumExp logSum;
        logSum.addAll(overlaps.array());
        return -logSum.value();
    }

    // E / N^n = -sum F(m / N): each term is at most 1 in size.
    Eigen::ArrayXd base = overlaps.array() / static_cast<double>(units());
    Eigen::ArrayXd power(base.size());
    double sum = 0;
    double size = 0;
    sumOfPowers(base, power, sum, size);
    return -sum;
}

template <typename Scalar>
template <typename Derived>
RecallResult<Scalar> DenseAssociativeMemory<Scalar>::recall(const Eigen::MatrixBase<Derived>& cue,
                                                            const RecallOptions& options)
{
    if (cue.cols() != 1)
        throw std::invalid_argument(detail::message(
            "DenseAssociativeMemory::recall: cue is ", cue.rows(), " x ", cue.cols(),
            ", expected a single column of ", units(), " units (use recallBatch for many cues)"));

    return recallColumns(cue, options, "DenseAssociativeMemory::recall").column(0);
}

template <typename Scalar>
template <typename Derived>
BatchRecallResult<Scalar>
DenseAssociativeMemory<Scalar>::recallBatch(const Eigen::MatrixBase<Derived>& cues,
                                            const RecallOptions& options)
{
    return recallColumns(cues, options, "DenseAssociativeMemory::recallBatch");
}

template <typename Scalar>
template <typename Derived>
BatchRecallResult<Scalar>
DenseAssociativeMemory<Scalar>::recallColumns(const Eigen::MatrixBase<Derived>& cues,
                                              const RecallOptions& options, const char* function)
{
    if (options.maxSweeps < 1)
        throw std::invalid_argument(detail::message(
            function, ": maxSweeps is ", options.maxSweeps, ", expected at least 1"));
    // Limitation: only asynchronous updates. Synchronous updates of every unit from the
    // same overlaps would need the energy difference of all N units per sweep and may
    // cycle; they would go in as a per-sweep pass like HopfieldNetwork's.
    if (!options.temperatures.empty())
        throw std::invalid_argument(detail::message(
            function, ": a temperature schedule of ", options.temperatures.size(),
            " entries was given, expected none (the dense memory has no stochastic dynamics)"));
    if (options.mode == UpdateMode::Synchronous)
        throw std::invalid_argument(detail::message(
            function, ": mode is ", updateModeName(options.mode),
            ", expected Sequential or RandomOrder (asynchronous updates)"));

    BatchRecallResult<Scalar> result;
    result.states = bipolarStates(cues, options.coding, function);
    const Eigen::Index count = result.states.cols();
    result.status.assign(count, RecallStatus::SweepLimit);
    result.sweeps.assign(count, 0);

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
        Workspace work;
        work.state.resize(units());
        work.overlaps.resize(patternCount());
        work.weights.resize(patternCount());
        work.base.resize(patternCount());
        work.power.resize(patternCount());
        work.order.resize(units());

#ifdef _OPENMP
#pragma omp for schedule(dynamic)
#endif
        for (Eigen::Index j = 0; j < count; ++j)
        {
            result.status[j] = runAsynchronous(result.states.col(j), options.mode,
                                               options.maxSweeps, seeds[j], work,
                                               result.sweeps[j]);
        }
    }

    if (options.coding == Coding::Binary)
        result.states = (result.states.array() + Scalar(1)) / Scalar(2);
    return result;
}

template <typename Scalar>
template <typename Derived>
typename DenseAssociativeMemory<Scalar>::Matrix
DenseAssociativeMemory<Scalar>::bipolarStates(const Eigen::MatrixBase<Derived>& states,
                                              Coding coding, const char* function) const
{
    if (states.rows() != units())
        throw std::invalid_argument(detail::message(
            function, ": states have ", states.rows(), " units (rows), the memory has ",
            units()));

    detail::checkCoding(states, coding, function, "state");

    Matrix bipolar = states.template cast<Scalar>();
    if (coding == Coding::Binary)
        bipolar = (bipolar.array() * Scalar(2) - Scalar(1)).matrix();
    return bipolar;
}

template <typename Scalar>
template <typename Column>
RecallStatus DenseAssociativeMemory<Scalar>::runAsynchronous(Column&& column, UpdateMode mode,
                                                             Eigen::Index maxSweeps,
                                                             std::uint64_t orderSeed,
                                                             Workspace& work,
                                                             Eigen::Index& sweeps) const
{
    // The same order scheme as HopfieldNetwork, so that degree 2 repeats it exactly.
    Engine engine(orderSeed);
    std::iota(work.order.begin(), work.order.end(), Eigen::Index(0));
    work.state = column.template cast<double>();
    work.overlaps.noalias() = m_unitPatterns * work.state;
    refresh(work);

    RecallStatus status = RecallStatus::SweepLimit;
    for (Eigen::Index sweep = 1; sweep <= maxSweeps; ++sweep)
    {
        if (mode == UpdateMode::RandomOrder)
            detail::shuffleIndices(work.order, engine);

        // A flip of unit i changes overlap mu by 2 s_i x_mu,i (with the new s_i): O(P),
        // and the overlaps stay exact integers.
        bool changed = false;
        for (const Eigen::Index i : work.order)
        {
            if (!flipLowersEnergy(i, work))
                continue;

            work.state(i) = -work.state(i);
            work.overlaps.noalias() += (2.0 * work.state(i)) * m_unitPatterns.col(i);
            refresh(work);
            changed = true;
        }

        if (!changed)
        {
            status = RecallStatus::FixedPoint;
            break;
        }
        sweeps = sweep;
    }

    column = work.state.template cast<Scalar>();
    return status;
}

template <typename Scalar>
void DenseAssociativeMemory<Scalar>::refresh(Workspace& work) const
{
    if (m_interaction.kind() == Interaction::Kind::Exponential)
    {
        // Weights relative to the largest overlap: the largest is 1, none overflows, and
        // those below e^-745 that underflow to 0 are negligible beside it.
        const double top = work.overlaps.maxCoeff();
        work.weights = (work.overlaps.array() - top).exp().matrix();
        work.weightSum = work.weights.sum();
        return;
    }

    // A power of two above every overlap that matters plus 2, so that the scaled overlaps
    // of the current state and of every one-flip neighbour lie in (-1, 1), while the
    // largest nonzero one of the current state stays at least 1/6 (see MaxDegree).
    const double largest = m_interaction.kind() == Interaction::Kind::RectifiedPolynomial
                               ? std::max(work.overlaps.maxCoeff(), 0.0)
                               : work.overlaps.cwiseAbs().maxCoeff();
    int exponent = 0;
    std::frexp(largest + 2.0, &exponent);
    work.scale = std::ldexp(1.0, -exponent);

    work.base = work.overlaps.array() * work.scale;
    sumOfPowers(work.base, work.power, work.keepSum, work.keepSize);
}

template <typename Scalar>
bool DenseAssociativeMemory<Scalar>::flipLowersEnergy(Eigen::Index i, Workspace& work) const
{
    const double s = work.state(i);
    if (m_interaction.kind() == Interaction::Kind::Exponential)
    {
        // With A the weight of patterns that agree with s_i and B of those that do not, a
        // flip moves their overlaps by -2 and +2, so it lowers E = -e^max(m) (A + B) iff
        // e^2 B > A. Here W = A + B and t = A - B.
        const double e2 = 7.38905609893065; // e^2
        const double t = s * m_unitPatterns.col(i).dot(work.weights);
        const double w = work.weightSum;
        return e2 * (w - t) - (w + t) > TieMargin * (e2 + 1.0) * w;
    }

    // The flipped state's overlaps, scaled as the current ones were.
    work.base = (work.overlaps.array() - (2.0 * s) * m_unitPatterns.col(i).array()) * work.scale;
    double flipSum = 0;
    double flipSize = 0;
    sumOfPowers(work.base, work.power, flipSum, flipSize);
    return flipSum - work.keepSum > TieMargin * (flipSize + work.keepSize);
}

template <typename Scalar>
void DenseAssociativeMemory<Scalar>::sumOfPowers(Eigen::ArrayXd& base, Eigen::ArrayXd& power,
                                                 double& sum, double& size) const
{
    if (m_interaction.kind() == Interaction::Kind::RectifiedPolynomial)
        base = base.max(0.0);

    // Exponentiation by squaring: about 2 log2(n) passes over the P overlaps.
    power.setOnes();
    for (int n = m_interaction.degree(); n > 0; n >>= 1)
    {
        if (n & 1)
            power *= base;
        if (n > 1)
            base = base.square();
    }

    sum = power.sum();
    const bool mixedSigns =
        m_interaction.kind() == Interaction::Kind::Polynomial && m_interaction.degree() % 2 == 1;
    size = mixedSigns ? power.abs().sum() : sum;
}

} // namespace emergence

#endif // EMERGENCE_HOPFIELD_DENSE_ASSOCIATIVE_MEMORY_IMPL_HPP
