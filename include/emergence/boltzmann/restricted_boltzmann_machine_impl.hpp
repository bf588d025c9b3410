#ifndef EMERGENCE_BOLTZMANN_RESTRICTED_BOLTZMANN_MACHINE_IMPL_HPP
#define EMERGENCE_BOLTZMANN_RESTRICTED_BOLTZMANN_MACHINE_IMPL_HPP

// Definitions of RestrictedBoltzmannMachine; included at the end of its header.
#include <emergence/boltzmann/restricted_boltzmann_machine.hpp>

#include <emergence/detail/error.hpp>
#include <emergence/detail/numeric.hpp>
#include <emergence/detail/random.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <vector>

namespace emergence
{

template <typename Scalar>
RestrictedBoltzmannMachine<Scalar>::RestrictedBoltzmannMachine(Eigen::Index visibleUnits,
                                                               Eigen::Index hiddenUnits,
                                                               std::uint64_t seed)
    : m_engine(seed)
{
    if (visibleUnits < 1 || hiddenUnits < 1)
        throw std::invalid_argument(detail::message(
            "RestrictedBoltzmannMachine: ", visibleUnits, " visible and ", hiddenUnits,
            " hidden units, expected at least 1 of each"));

    // Small random weights break the symmetry between hidden units (Hinton's guide, 8).
    m_weights.resize(visibleUnits, hiddenUnits);
    for (Eigen::Index j = 0; j < hiddenUnits; ++j)
        for (Eigen::Index i = 0; i < visibleUnits; ++i)
            m_weights(i, j) = Scalar(0.01 * detail::standardNormal(m_engine));
    m_visibleBiases = Vector::Zero(visibleUnits);
    m_hiddenBiases = Vector::Zero(hiddenUnits);
}

template <typename Scalar>
template <typename Derived>
void RestrictedBoltzmannMachine<Scalar>::setWeights(const Eigen::MatrixBase<Derived>& weights)
{
    if (weights.rows() != visibleUnits() || weights.cols() != hiddenUnits())
        throw std::invalid_argument(detail::message(
            "RestrictedBoltzmannMachine::setWeights: weights are ", weights.rows(), " x ",
            weights.cols(), ", expected ", visibleUnits(), " x ", hiddenUnits()));

    const Matrix converted = weights.template cast<Scalar>();
    if (!converted.allFinite())
        throw std::invalid_argument(
            "RestrictedBoltzmannMachine::setWeights: weights hold a NaN or infinite value");
    m_weights = converted;
}

template <typename Scalar>
template <typename Derived>
void RestrictedBoltzmannMachine<Scalar>::setVisibleBiases(const Eigen::MatrixBase<Derived>& biases)
{
    m_visibleBiases =
        checkedBiases(biases, visibleUnits(), "RestrictedBoltzmannMachine::setVisibleBiases");
}

template <typename Scalar>
template <typename Derived>
void RestrictedBoltzmannMachine<Scalar>::setHiddenBiases(const Eigen::MatrixBase<Derived>& biases)
{
    m_hiddenBiases =
        checkedBiases(biases, hiddenUnits(), "RestrictedBoltzmannMachine::setHiddenBiases");
}

template <typename Scalar>
template <typename Derived>
typename RestrictedBoltzmannMachine<Scalar>::Vector
RestrictedBoltzmannMachine<Scalar>::checkedBiases(const Eigen::MatrixBase<Derived>& biases,
                                                  Eigen::Index expected, const char* function)
{
    // Checked after the conversion, because a finite double can overflow a float.
    checkRows(biases.rows(), expected, function, "biases");
    const Matrix converted = biases.template cast<Scalar>();
    if (biases.cols() != 1 || !converted.allFinite())
        throw std::invalid_argument(detail::message(
            function, ": biases are ", biases.rows(), " x ", biases.cols(),
            ", expected one column of values finite in the machine's scalar type"));
    return converted;
}

template <typename Scalar>
template <typename Derived>
void RestrictedBoltzmannMachine<Scalar>::initializeVisibleBiases(
    const Eigen::MatrixBase<Derived>& data)
{
    const char* function = "RestrictedBoltzmannMachine::initializeVisibleBiases";
    checkRows(data.rows(), visibleUnits(), function, "data");
    if (data.cols() < 1)
        throw std::invalid_argument(detail::message(function, ": data has no samples"));
    checkUnitInterval(data, function, "data");

    // The log-odds of each unit's on-rate, clamped so that constant pixels stay finite.
    const Eigen::ArrayXd rate = (data.template cast<double>().rowwise().mean())
                                    .array()
                                    .max(0.001)
                                    .min(0.999);
    m_visibleBiases = (rate / (1.0 - rate)).log().template cast<Scalar>().matrix();
}

template <typename Scalar>
template <typename Derived>
typename RestrictedBoltzmannMachine<Scalar>::Matrix
RestrictedBoltzmannMachine<Scalar>::hiddenProbabilities(
    const Eigen::MatrixBase<Derived>& visible) const
{
    const char* function = "RestrictedBoltzmannMachine::hiddenProbabilities";
    checkRows(visible.rows(), visibleUnits(), function, "visible states");
    checkUnitInterval(visible, function, "visible states");
    Matrix fields = m_weights.transpose() * visible.template cast<Scalar>();
    fields.colwise() += m_hiddenBiases;
    return detail::sigmoidArray(fields.array()).matrix();
}

template <typename Scalar>
template <typename Derived>
typename RestrictedBoltzmannMachine<Scalar>::Matrix
RestrictedBoltzmannMachine<Scalar>::visibleProbabilities(
    const Eigen::MatrixBase<Derived>& hidden) const
{
    const char* function = "RestrictedBoltzmannMachine::visibleProbabilities";
    checkRows(hidden.rows(), hiddenUnits(), function, "hidden states");
    checkUnitInterval(hidden, function, "hidden states");
    Matrix fields = m_weights * hidden.template cast<Scalar>();
    fields.colwise() += m_visibleBiases;
    return detail::sigmoidArray(fields.array()).matrix();
}

template <typename Scalar>
template <typename Derived>
typename RestrictedBoltzmannMachine<Scalar>::Matrix
RestrictedBoltzmannMachine<Scalar>::sampleHidden(const Eigen::MatrixBase<Derived>& visible)
{
    Matrix states = hiddenProbabilities(visible);
    sampleInPlace(states);
    return states;
}

template <typename Scalar>
template <typename Derived>
typename RestrictedBoltzmannMachine<Scalar>::Matrix
RestrictedBoltzmannMachine<Scalar>::sampleVisible(const Eigen::MatrixBase<Derived>& hidden)
{
    Matrix states = visibleProbabilities(hidden);
    sampleInPlace(states);
    return states;
}

template <typename Scalar>
template <typename Derived>
typename RestrictedBoltzmannMachine<Scalar>::Matrix
RestrictedBoltzmannMachine<Scalar>::gibbsChains(const Eigen::MatrixBase<Derived>& start,
                                                Eigen::Index steps)
{
    const char* function = "RestrictedBoltzmannMachine::gibbsChains";
    checkRows(start.rows(), visibleUnits(), function, "start states");
    checkUnitInterval(start, function, "start states");
    if (steps < 1)
        throw std::invalid_argument(detail::message(function, ": steps is ", steps,
                                                    ", expected at least 1"));

    // Probabilities given as a start are turned into states before the first step.
    Matrix visible = start.template cast<Scalar>();
    sampleInPlace(visible);
    for (Eigen::Index step = 0; step < steps; ++step)
        visible = sampleVisible(sampleHidden(visible));
    return visible;
}

template <typename Scalar>
template <typename Derived>
typename RestrictedBoltzmannMachine<Scalar>::Matrix
RestrictedBoltzmannMachine<Scalar>::reconstruct(const Eigen::MatrixBase<Derived>& visible) const
{
    return visibleProbabilities(hiddenProbabilities(visible));
}

template <typename Scalar>
template <typename VisibleDerived, typename HiddenDerived>
typename RestrictedBoltzmannMachine<Scalar>::RowVector
RestrictedBoltzmannMachine<Scalar>::energy(const Eigen::MatrixBase<VisibleDerived>& visible,
                                           const Eigen::MatrixBase<HiddenDerived>& hidden) const
{
    const char* function = "RestrictedBoltzmannMachine::energy";
    checkRows(visible.rows(), visibleUnits(), function, "visible states");
    checkRows(hidden.rows(), hiddenUnits(), function, "hidden states");
    if (visible.cols() != hidden.cols())
        throw std::invalid_argument(detail::message(
            function, ": ", visible.cols(), " visible and ", hidden.cols(),
            " hidden columns, expected the same number"));

    const Matrix v = visible.template cast<Scalar>();
    const Matrix h = hidden.template cast<Scalar>();
    const Matrix wh = m_weights * h;
    return -(m_visibleBiases.transpose() * v) - m_hiddenBiases.transpose() * h -
           (v.array() * wh.array()).colwise().sum().matrix();
}

template <typename Scalar>
template <typename Derived>
typename RestrictedBoltzmannMachine<Scalar>::RowVector
RestrictedBoltzmannMachine<Scalar>::freeEnergy(const Eigen::MatrixBase<Derived>& visible) const
{
    const char* function = "RestrictedBoltzmannMachine::freeEnergy";
    checkRows(visible.rows(), visibleUnits(), function, "visible states");
    checkUnitInterval(visible, function, "visible states");
    const Matrix v = visible.template cast<Scalar>();
    Matrix fields = m_weights.transpose() * v;
    fields.colwise() += m_hiddenBiases;
    return -(m_visibleBiases.transpose() * v) -
           detail::softplusArray(fields.array()).colwise().sum().matrix();
}

template <typename Scalar>
double RestrictedBoltzmannMachine<Scalar>::logPartitionFunction() const
{
    const Eigen::Index smaller = std::min(visibleUnits(), hiddenUnits());
    if (smaller > MaxEnumeratedUnits)
        throw std::invalid_argument(detail::message(
            "RestrictedBoltzmannMachine::logPartitionFunction: the smaller layer has ", smaller,
            " units, exact enumeration takes at most ", MaxEnumeratedUnits,
            " (use annealed importance sampling)"));

    // Sum over the smaller layer; the larger one is summed out in closed form.
    if (hiddenUnits() <= visibleUnits())
        return logPartitionByEnumeration(m_weights, m_visibleBiases, m_hiddenBiases);
    return logPartitionByEnumeration(m_weights.transpose(), m_hiddenBiases, m_visibleBiases);
}

template <typename Scalar>
template <typename Derived>
double RestrictedBoltzmannMachine<Scalar>::averageLogLikelihood(
    const Eigen::MatrixBase<Derived>& data) const
{
    return averageLogLikelihood(data, logPartitionFunction());
}

template <typename Scalar>
template <typename Derived>
double RestrictedBoltzmannMachine<Scalar>::averageLogLikelihood(
    const Eigen::MatrixBase<Derived>& data, double logPartition) const
{
    const char* function = "RestrictedBoltzmannMachine::averageLogLikelihood";
    checkRows(data.rows(), visibleUnits(), function, "data");
    if (data.cols() < 1)
        throw std::invalid_argument(detail::message(function, ": data has no samples"));
    checkUnitInterval(data, function, "data");
    if (!std::isfinite(logPartition))
        throw std::invalid_argument(detail::message(function, ": logPartition is ", logPartition,
                                                    ", expected a finite value"));

    const double meanFreeEnergy = freeEnergy(data).template cast<double>().mean();
    return -meanFreeEnergy - logPartition;
}

template <typename Scalar>
template <typename Derived>
void RestrictedBoltzmannMachine<Scalar>::train(const Eigen::MatrixBase<Derived>& data,
                                               const TrainingOptions& options,
                                               const EpochCallback& callback)
{
    train(data, Matrix(visibleUnits(), 0), options, callback);
}

template <typename Scalar>
template <typename Derived, typename HeldOutDerived>
void RestrictedBoltzmannMachine<Scalar>::train(const Eigen::MatrixBase<Derived>& data,
                                               const Eigen::MatrixBase<HeldOutDerived>& heldOut,
                                               const TrainingOptions& options,
                                               const EpochCallback& callback)
{
    // Everything is checked before any parameter changes.
    const char* function = "RestrictedBoltzmannMachine::train";
    checkRows(data.rows(), visibleUnits(), function, "training data");
    checkRows(heldOut.rows(), visibleUnits(), function, "held-out data");
    if (data.cols() < 1)
        throw std::invalid_argument(detail::message(function, ": training data has no samples"));
    checkUnitInterval(data, function, "training data");
    checkUnitInterval(heldOut, function, "held-out data");
    checkOptions(options);

    trainImpl(data.template cast<Scalar>(), heldOut.template cast<Scalar>(), options, callback);
}

template <typename Scalar>
void RestrictedBoltzmannMachine<Scalar>::trainImpl(const Matrix& data, const Matrix& heldOut,
                                                   const TrainingOptions& options,
                                                   const EpochCallback& callback)
{
    using Clock = std::chrono::steady_clock;
    const Clock::time_point started = Clock::now();
    const Eigen::Index samples = data.cols();
    const Eigen::Index batch = std::min(options.batchSize, samples);
    const Scalar learningRate = Scalar(options.learningRate);
    const bool sparse = options.sparsityTarget > 0.0 && options.sparsityCost > 0.0;

    // Buffers of one mini-batch, allocated once: the last, smaller batch uses their leading
    // columns. `negativeVisible` and `negativeHidden` hold the negative statistics.
    Matrix visible(visibleUnits(), batch);
    Matrix positiveHidden(hiddenUnits(), batch);
    Matrix hiddenStates(hiddenUnits(), batch);
    Matrix negativeVisible(visibleUnits(), batch);
    Matrix negativeHidden(hiddenUnits(), batch);
    Matrix weightGradient(visibleUnits(), hiddenUnits());
    Matrix weightStep = Matrix::Zero(visibleUnits(), hiddenUnits());
    Vector visibleStep = Vector::Zero(visibleUnits());
    Vector hiddenStep = Vector::Zero(hiddenUnits());
    Vector hiddenActivity = Vector::Constant(hiddenUnits(), Scalar(options.sparsityTarget));
    Vector sparsityPenalty(hiddenUnits());
    std::vector<Eigen::Index> order(static_cast<std::size_t>(samples));
    std::iota(order.begin(), order.end(), Eigen::Index(0));

    // Persistent chains start from the first samples, turned into binary states.
    Matrix chains;
    if (options.persistent)
    {
        chains = data.leftCols(batch);
        sampleInPlace(chains);
    }

    // The sigmoid of fields plus biases, into a block of a preallocated buffer.
    const auto hiddenFromVisible = [&](const auto& v, auto&& out) {
        out.noalias() = m_weights.transpose() * v;
        out.colwise() += m_hiddenBiases;
        out = detail::sigmoidArray(out.array()).matrix();
    };
    const auto visibleFromHidden = [&](const auto& h, auto&& out) {
        out.noalias() = m_weights * h;
        out.colwise() += m_visibleBiases;
        out = detail::sigmoidArray(out.array()).matrix();
    };

    const Eigen::Index monitored = std::min<Eigen::Index>(samples, 1000);
    for (Eigen::Index epoch = 0; epoch < options.epochs; ++epoch)
    {
        detail::shuffleIndices(order, m_engine);
        const Scalar momentum = Scalar(epoch < options.momentumSwitchEpoch
                                           ? options.initialMomentum
                                           : options.finalMomentum);
        double squaredErrorSum = 0.0;

        for (Eigen::Index first = 0; first < samples; first += batch)
        {
            // Gather the mini-batch and clamp it to the visible units.
            const Eigen::Index size = std::min(batch, samples - first);
            for (Eigen::Index j = 0; j < size; ++j)
                visible.col(j) = data.col(order[static_cast<std::size_t>(first + j)]);
            const auto v0 = visible.leftCols(size);
            auto h0 = positiveHidden.leftCols(size);
            auto hs = hiddenStates.leftCols(size);
            auto vk = negativeVisible.leftCols(size);
            auto hk = negativeHidden.leftCols(size);

            // Positive phase, and the one-step reconstruction from sampled hidden states.
            hiddenFromVisible(v0, h0);
            hs = h0;
            sampleInPlace(hs);
            visibleFromHidden(hs, vk);
            squaredErrorSum += double((v0 - vk).squaredNorm());

            // Negative phase: CD-k continues from the reconstruction, PCD-k from the chains.
            if (options.persistent)
            {
                vk = chains.leftCols(size);
                for (Eigen::Index step = 0; step < options.gibbsSteps; ++step)
                {
                    hiddenFromVisible(vk, hs);
                    sampleInPlace(hs);
                    visibleFromHidden(hs, vk);
                    sampleInPlace(vk);
                }
                chains.leftCols(size) = vk;
            }
            else
            {
                for (Eigen::Index step = 1; step < options.gibbsSteps; ++step)
                {
                    sampleInPlace(vk);
                    hiddenFromVisible(vk, hs);
                    sampleInPlace(hs);
                    visibleFromHidden(hs, vk);
                }
            }
            hiddenFromVisible(vk, hk);

            // Gradient of the average log-likelihood over this batch, and the updates.
            const Scalar scale = Scalar(1) / Scalar(size);
            weightGradient.noalias() = v0 * h0.transpose();
            weightGradient.noalias() -= vk * hk.transpose();
            weightStep = momentum * weightStep +
                         learningRate * (scale * weightGradient -
                                         Scalar(options.weightDecay) * m_weights);
            visibleStep = momentum * visibleStep +
                          learningRate * scale * (v0 - vk).rowwise().sum();
            hiddenStep = momentum * hiddenStep + learningRate * scale * (h0 - hk).rowwise().sum();

            // Sparsity: push each hidden unit's running mean activity towards the target.
            if (sparse)
            {
                const Scalar decay = Scalar(options.sparsityDecay);
                hiddenActivity = decay * hiddenActivity +
                                 (Scalar(1) - decay) * scale * h0.rowwise().sum();
                sparsityPenalty = Scalar(options.sparsityCost) *
                                  (hiddenActivity.array() - Scalar(options.sparsityTarget))
                                      .matrix();
                hiddenStep -= learningRate * sparsityPenalty;
                weightStep.noalias() -=
                    learningRate * (scale * v0.rowwise().sum()) * sparsityPenalty.transpose();
            }

            m_weights += weightStep;
            m_visibleBiases += visibleStep;
            m_hiddenBiases += hiddenStep;
        }

        // Numerical breakdown is reported, not carried silently into later epochs.
        if (!m_weights.allFinite() || !m_visibleBiases.allFinite() ||
            !m_hiddenBiases.allFinite())
            throw std::runtime_error(detail::message(
                "RestrictedBoltzmannMachine::train: parameters became NaN or infinite in "
                "epoch ", epoch, " (learning rate ", options.learningRate, ")"));

        EpochReport report;
        report.epoch = epoch;
        report.reconstructionError = squaredErrorSum / double(samples);
        report.trainingFreeEnergy =
            double(freeEnergy(data.leftCols(monitored)).template cast<double>().mean());
        if (heldOut.cols() > 0)
            report.heldOutFreeEnergy = double(freeEnergy(heldOut).template cast<double>().mean());
        report.seconds = std::chrono::duration<double>(Clock::now() - started).count();
        if (callback && !callback(report))
            break;
    }
}

template <typename Scalar>
void RestrictedBoltzmannMachine<Scalar>::checkRows(Eigen::Index rows, Eigen::Index expected,
                                                   const char* function, const char* what)
{
    if (rows != expected)
        throw std::invalid_argument(detail::message(function, ": ", what, " have ", rows,
                                                    " rows, expected ", expected));
}

template <typename Scalar>
template <typename Derived>
void RestrictedBoltzmannMachine<Scalar>::checkUnitInterval(
    const Eigen::MatrixBase<Derived>& values, const char* function, const char* what)
{
    // One pass for the common case; the culprit is looked for only on failure. Written
    // negated so that NaN fails.
    using ValueScalar = typename Derived::Scalar;
    const auto entries = values.array();
    if ((entries >= ValueScalar(0) && entries <= ValueScalar(1)).all())
        return;

    for (Eigen::Index column = 0; column < values.cols(); ++column)
        for (Eigen::Index row = 0; row < values.rows(); ++row)
        {
            const ValueScalar value = values(row, column);
            if (!(value >= ValueScalar(0) && value <= ValueScalar(1)))
                throw std::invalid_argument(detail::message(
                    function, ": ", what, " entry (", row, ", ", column, ") is ", value,
                    ", expected a value in [0, 1]"));
        }
}

template <typename Scalar>
void RestrictedBoltzmannMachine<Scalar>::checkOptions(const TrainingOptions& options)
{
    const char* function = "RestrictedBoltzmannMachine::train";
    const auto fail = [&](const char* name, auto value, const char* expected) {
        throw std::invalid_argument(
            detail::message(function, ": ", name, " is ", value, ", expected ", expected));
    };

    if (options.epochs < 0)
        fail("epochs", options.epochs, "at least 0");
    if (options.batchSize < 1)
        fail("batchSize", options.batchSize, "at least 1");
    if (!(options.learningRate > 0.0) || !std::isfinite(options.learningRate))
        fail("learningRate", options.learningRate, "a finite positive value");
    if (options.gibbsSteps < 1)
        fail("gibbsSteps", options.gibbsSteps, "at least 1");
    if (options.momentumSwitchEpoch < 0)
        fail("momentumSwitchEpoch", options.momentumSwitchEpoch, "at least 0");
    if (!(options.initialMomentum >= 0.0 && options.initialMomentum < 1.0))
        fail("initialMomentum", options.initialMomentum, "a value in [0, 1)");
    if (!(options.finalMomentum >= 0.0 && options.finalMomentum < 1.0))
        fail("finalMomentum", options.finalMomentum, "a value in [0, 1)");
    if (!(options.weightDecay >= 0.0) || !std::isfinite(options.weightDecay))
        fail("weightDecay", options.weightDecay, "a finite value >= 0");
    if (!(options.sparsityTarget >= 0.0 && options.sparsityTarget < 1.0))
        fail("sparsityTarget", options.sparsityTarget, "a value in [0, 1)");
    if (!(options.sparsityCost >= 0.0) || !std::isfinite(options.sparsityCost))
        fail("sparsityCost", options.sparsityCost, "a finite value >= 0");
    if (!(options.sparsityDecay >= 0.0 && options.sparsityDecay < 1.0))
        fail("sparsityDecay", options.sparsityDecay, "a value in [0, 1)");
}

template <typename Scalar>
template <typename Derived>
void RestrictedBoltzmannMachine<Scalar>::sampleInPlace(Eigen::MatrixBase<Derived>& values)
{
    // Column by column, so the draws follow the storage order and a batch of B columns uses
    // the same draws as B single columns in turn.
    for (Eigen::Index column = 0; column < values.cols(); ++column)
        for (Eigen::Index row = 0; row < values.rows(); ++row)
            values(row, column) =
                detail::uniformReal(m_engine) < double(values(row, column)) ? Scalar(1)
                                                                           : Scalar(0);
}

template <typename Scalar>
double RestrictedBoltzmannMachine<Scalar>::logPartitionByEnumeration(
    const Matrix& weights, const Vector& otherBiases, const Vector& enumeratedBiases)
{
    // States of the enumerated layer split into low bits (all 2^low patterns held as one
    // matrix, their fields computed once) and high bits (looped over), so each of the
    // 2^n states costs one vector addition and m softplus terms, no matrix product.
    const Eigen::Index n = weights.cols();
    const Eigen::Index low = std::min<Eigen::Index>(n, 12);
    const Eigen::Index high = n - low;
    const Eigen::Index lowCount = Eigen::Index(1) << low;
    const Eigen::Index highCount = Eigen::Index(1) << high;

    Matrix lowStates(low, lowCount);
    for (Eigen::Index s = 0; s < lowCount; ++s)
        for (Eigen::Index bit = 0; bit < low; ++bit)
            lowStates(bit, s) = Scalar((s >> bit) & 1);
    Matrix lowFields = weights.leftCols(low) * lowStates;
    lowFields.colwise() += otherBiases;
    const Eigen::RowVectorXd lowBiasTerms =
        (enumeratedBiases.head(low).transpose() * lowStates).template cast<double>();

    // Each value of the high bits is one block of 2^low states, with its own partial sum;
    // blocks run in parallel under OpenMP and are combined in block order, so the result
    // does not depend on the number of threads.
    std::vector<detail::LogSumExp> partial(static_cast<std::size_t>(highCount));
#ifdef _OPENMP
#pragma omp parallel if (highCount > 1)
#endif
    {
        Vector highState(high);
        Vector offset(lowFields.rows());
        Matrix fields(lowFields.rows(), lowCount);
        Eigen::RowVectorXd terms(lowCount);

#ifdef _OPENMP
#pragma omp for schedule(static)
#endif
        for (Eigen::Index s = 0; s < highCount; ++s)
        {
            for (Eigen::Index bit = 0; bit < high; ++bit)
                highState(bit) = Scalar((s >> bit) & 1);
            offset.noalias() = weights.rightCols(high) * highState;
            const double highBiasTerm = double(enumeratedBiases.tail(high).dot(highState));

            // -F of each state of the enumerated layer: its bias term plus the other layer
            // summed out, one softplus per unit.
            fields = lowFields.colwise() + offset;
            terms = detail::softplusArray(fields.array()).colwise().sum().template cast<double>();
            partial[static_cast<std::size_t>(s)].addAll((terms + lowBiasTerms).array() +
                                                        highBiasTerm);
        }
    }

    detail::LogSumExp total;
    for (const detail::LogSumExp& block : partial)
        total.add(block.value());
    return total.value();
}

} // namespace emergence

#endif // EMERGENCE_BOLTZMANN_RESTRICTED_BOLTZMANN_MACHINE_IMPL_HPP
