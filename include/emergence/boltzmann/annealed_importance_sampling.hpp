#ifndef EMERGENCE_BOLTZMANN_ANNEALED_IMPORTANCE_SAMPLING_HPP
#define EMERGENCE_BOLTZMANN_ANNEALED_IMPORTANCE_SAMPLING_HPP

#include <emergence/boltzmann/restricted_boltzmann_machine.hpp>
#include <emergence/detail/error.hpp>
#include <emergence/detail/numeric.hpp>
#include <emergence/detail/random.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace emergence
{

/** Settings of annealed importance sampling. */
struct AisOptions
{
    /// Inverse temperatures from 0 to 1, increasing; empty gives the schedule of
    /// Salakhutdinov & Murray (2008): 500 steps over [0, 0.5], 4,000 over [0.5, 0.9] and
    /// 10,000 over [0.9, 1].
    std::vector<double> betas;

    /// Independent annealing runs (importance weights); at least 2.
    Eigen::Index runs = 100;
};

/** An AIS estimate of log Z and its spread. */
struct AisEstimate
{
    /// log of the mean importance weight times Z of the base-rate model.
    double logPartitionFunction = 0.0;

    /// log Z at the mean weight minus and plus three standard errors of the mean weight,
    /// the interval Salakhutdinov & Murray report; the lower end is -infinity when three
    /// standard errors exceed the mean.
    double lowerBound = 0.0;
    double upperBound = 0.0;

    /// Standard deviation of the log importance weights across runs.
    double logWeightDeviation = 0.0;
};

/// The default schedule of AisOptions: 14,500 inverse temperatures from 0 to 1.
inline std::vector<double> defaultAisSchedule()
{
    std::vector<double> betas;
    const auto appendRange = [&](double from, double to, int steps) {
        for (int k = 0; k < steps; ++k)
            betas.push_back(from + (to - from) * double(k) / double(steps));
    };
    appendRange(0.0, 0.5, 500);
    appendRange(0.5, 0.9, 4000);
    appendRange(0.9, 1.0, 10000);
    betas.push_back(1.0);
    return betas;
}

/**
 * Estimates log Z of a restricted Boltzmann machine by annealed importance sampling from a
 * base-rate model (Neal 2001; Salakhutdinov & Murray, "On the quantitative analysis of deep
 * belief networks", ICML 2008).
 *
 * The base model has the visible biases b_A = log(p / (1 - p)) of the data's pixel means p
 * (clamped to [0.001, 0.999]) and no weights; its log Z is known in closed form. The chains
 * move through the distributions with joint energy (1 - beta) E_A + beta E, by Gibbs
 * transitions at each beta, accumulating log importance weights.
 *
 * @param machine the machine whose log Z is wanted.
 * @param data V x P samples in [0, 1] that set the base rates (usually the training data).
 * @param options schedule of inverse temperatures and number of runs.
 * @param rng the caller's seeded engine; every draw comes from it.
 * @return the estimate with its spread.
 * @throws std::invalid_argument on a wrong row count, no samples, values outside [0, 1],
 *         fewer than 2 runs, or a schedule that does not rise from 0 to 1.
 */
template <typename Scalar, typename Derived, typename Rng>
AisEstimate estimateLogPartitionFunction(const RestrictedBoltzmannMachine<Scalar>& machine,
                                         const Eigen::MatrixBase<Derived>& data,
                                         const AisOptions& options, Rng& rng)
{
    using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
    using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
    const char* function = "estimateLogPartitionFunction";
    const Eigen::Index visible = machine.visibleUnits();
    const Eigen::Index hidden = machine.hiddenUnits();

    // Check the arguments and the schedule before any work.
    if (data.rows() != visible || data.cols() < 1)
        throw std::invalid_argument(detail::message(
            function, ": data is ", data.rows(), " x ", data.cols(), ", expected ", visible,
            " rows and at least one sample"));
    const Eigen::ArrayXXd values = data.template cast<double>().array();
    if (!(values >= 0.0 && values <= 1.0).all())
        throw std::invalid_argument(
            detail::message(function, ": data holds values outside [0, 1] or NaN"));
    const Eigen::ArrayXd rate = values.rowwise().mean();
    if (options.runs < 2)
        throw std::invalid_argument(detail::message(function, ": runs is ", options.runs,
                                                    ", expected at least 2"));
    const std::vector<double> betas =
        options.betas.empty() ? defaultAisSchedule() : options.betas;
    if (betas.size() < 2 || betas.front() != 0.0 || betas.back() != 1.0)
        throw std::invalid_argument(detail::message(
            function, ": the schedule must start at 0 and end at 1 with at least 2 entries"));
    for (std::size_t k = 1; k < betas.size(); ++k)
        if (!(betas[k] >= betas[k - 1]))
            throw std::invalid_argument(detail::message(
                function, ": schedule entry ", k, " is ", betas[k], " after ", betas[k - 1],
                ", expected non-decreasing numbers"));

    // The base-rate model: its log Z is the sum of softplus(b_A) plus log 2 per hidden unit.
    const Eigen::ArrayXd clamped = rate.max(0.001).min(0.999);
    const Vector baseBiases = (clamped / (1.0 - clamped)).log().template cast<Scalar>().matrix();
    double baseLogPartition = double(hidden) * std::log(2.0);
    for (Eigen::Index i = 0; i < visible; ++i)
        baseLogPartition += detail::softplus(double(baseBiases(i)));

    // Start every run with an exact sample of the base model.
    const Eigen::Index runs = options.runs;
    Matrix states(visible, runs);
    for (Eigen::Index r = 0; r < runs; ++r)
        for (Eigen::Index i = 0; i < visible; ++i)
            states(i, r) = detail::uniformReal(rng) < detail::sigmoid(double(baseBiases(i)))
                               ? Scalar(1)
                               : Scalar(0);

    // At each beta: add log f_k(v) - log f_{k-1}(v) to the weights, then one Gibbs
    // transition that leaves p_k invariant. The fields W'v + c serve both steps.
    const Matrix& weights = machine.weights();
    const Vector biasDifference = machine.visibleBiases() - baseBiases;
    Eigen::ArrayXd logWeights = Eigen::ArrayXd::Zero(runs);
    Matrix hiddenFields(hidden, runs);
    Matrix hiddenStates(hidden, runs);
    Matrix visibleFields(visible, runs);
    Eigen::Matrix<Scalar, 1, Eigen::Dynamic> increment(runs);
    for (std::size_t k = 1; k < betas.size(); ++k)
    {
        const Scalar beta = Scalar(betas[k]);
        const Scalar previousBeta = Scalar(betas[k - 1]);
        hiddenFields.noalias() = weights.transpose() * states;
        hiddenFields.colwise() += machine.hiddenBiases();

        increment.noalias() = (beta - previousBeta) * (biasDifference.transpose() * states);
        increment.array() +=
            detail::softplusArray(beta * hiddenFields.array()).colwise().sum() -
            detail::softplusArray(previousBeta * hiddenFields.array()).colwise().sum();
        logWeights += increment.transpose().array().template cast<double>();

        hiddenStates = detail::sigmoidArray(beta * hiddenFields.array()).matrix();
        for (Eigen::Index r = 0; r < runs; ++r)
            for (Eigen::Index j = 0; j < hidden; ++j)
                hiddenStates(j, r) =
                    detail::uniformReal(rng) < double(hiddenStates(j, r)) ? Scalar(1) : Scalar(0);
        visibleFields.noalias() = beta * (weights * hiddenStates);
        visibleFields.colwise() += (Scalar(1) - beta) * baseBiases +
                                   beta * machine.visibleBiases();
        states = detail::sigmoidArray(visibleFields.array()).matrix();
        for (Eigen::Index r = 0; r < runs; ++r)
            for (Eigen::Index i = 0; i < visible; ++i)
                states(i, r) =
                    detail::uniformReal(rng) < double(states(i, r)) ? Scalar(1) : Scalar(0);
    }

    // log of the mean weight, and of the mean plus and minus three standard errors, all
    // relative to the largest weight so nothing overflows.
    const double largest = logWeights.maxCoeff();
    const Eigen::ArrayXd scaled = (logWeights - largest).exp();
    const double mean = scaled.mean();
    const double deviation = std::sqrt((scaled - mean).square().sum() / double(runs - 1));
    const double spread = 3.0 * deviation / std::sqrt(double(runs));

    AisEstimate estimate;
    estimate.logPartitionFunction = baseLogPartition + largest + std::log(mean);
    estimate.lowerBound = baseLogPartition + largest + std::log(std::max(mean - spread, 0.0));
    estimate.upperBound = baseLogPartition + largest + std::log(mean + spread);
    estimate.logWeightDeviation =
        std::sqrt((logWeights - logWeights.mean()).square().sum() / double(runs - 1));
    return estimate;
}

} // namespace emergence

#endif // EMERGENCE_BOLTZMANN_ANNEALED_IMPORTANCE_SAMPLING_HPP
