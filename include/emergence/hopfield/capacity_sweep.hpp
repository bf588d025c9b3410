#ifndef EMERGENCE_HOPFIELD_CAPACITY_SWEEP_HPP
#define EMERGENCE_HOPFIELD_CAPACITY_SWEEP_HPP

#include <emergence/detail/error.hpp>
#include <emergence/detail/random.hpp>
#include <emergence/hopfield/hopfield_network.hpp>
#include <emergence/hopfield/learning_rule.hpp>
#include <emergence/hopfield/pattern_distance.hpp>
#include <emergence/hopfield/random_patterns.hpp>
#include <emergence/hopfield/recall_options.hpp>
#include <emergence/image/coding.hpp>
#include <emergence/image/flip_pixels.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace emergence
{

/** Settings of a capacity sweep. */
struct CapacityOptions
{
    /// The rule that stores the patterns.
    LearningRule rule = LearningRule::Hebbian;

    /// How the cues are recalled; the coding must be Coding::Bipolar.
    RecallOptions recall;

    /// The fraction of each pattern's entries flipped to make its cue, in [0, 1]; 0 starts
    /// recall at the stored pattern itself, which measures whether it is (near) a fixed point.
    double cueNoise = 0.0;

    /// Repetitions per load, at least 1: fresh random patterns (and cues) each time, or
    /// fresh cues of the same given patterns.
    Eigen::Index trials = 1;
};

/** What a capacity sweep measured at one load. */
struct CapacityPoint
{
    double load = 0.0;             ///< P / N as asked for
    Eigen::Index patterns = 0;     ///< P = round(load N), at least 1
    double recalledFraction = 0.0; ///< fraction of cues whose final state is their pattern
    double meanOverlap = 0.0;      ///< mean overlap of final states with their patterns
    double seconds = 0.0;          ///< wall time of storing and recalling at this load
};

namespace detail
{

/// Checks the loads and options of capacitySweep(); `available` is the most patterns a load
/// may ask for.
inline void checkCapacityArguments(Eigen::Index units, Eigen::Index available,
                                   const std::vector<double>& loads,
                                   const CapacityOptions& options)
{
    const char* function = "capacitySweep";
    if (units < 1)
        throw std::invalid_argument(
            detail::message(function, ": ", units, " units, expected at least 1"));
    if (!(options.cueNoise >= 0.0 && options.cueNoise <= 1.0))
        throw std::invalid_argument(detail::message(function, ": cueNoise is ",
                                                    options.cueNoise, ", expected 0 to 1"));
    if (options.trials < 1)
        throw std::invalid_argument(detail::message(function, ": trials is ", options.trials,
                                                    ", expected at least 1"));
    if (options.recall.coding != Coding::Bipolar)
        throw std::invalid_argument(detail::message(
            function, ": recall.coding is binary, expected bipolar (patterns are -1/+1)"));
    for (std::size_t k = 0; k < loads.size(); ++k)
    {
        const double load = loads[k];
        if (!(load > 0.0 && load * double(units) <= double(available) + 0.5 &&
              std::lround(load * double(units)) <= available))
            throw std::invalid_argument(detail::message(
                function, ": load ", k, " is ", load, ", expected above 0 and at most ",
                double(available) / double(units), " (", available, " patterns for ", units,
                " units)"));
    }
}

/// Stores `patterns` in a fresh network, recalls them from cues, and adds up the results.
template <typename Scalar, typename PatternsDerived, typename Rng>
void measureRecall(const Eigen::MatrixBase<PatternsDerived>& patterns,
                   const CapacityOptions& options, Rng& rng, Eigen::Index& recalled,
                   double& overlapSum)
{
    HopfieldNetwork<Scalar> network(patterns.rows(), detail::randomBits(rng));
    network.train(patterns, Coding::Bipolar, options.rule);

    const auto cues = flipPixels(patterns, options.cueNoise, rng);
    const auto result = network.recallBatch(cues, options.recall);
    const ColumnValues overlap = overlaps(result.states, patterns);
    for (Eigen::Index j = 0; j < patterns.cols(); ++j)
        recalled += overlap(j) == 1.0 ? 1 : 0;
    overlapSum += overlap.sum();
}

/// Runs the sweep; `patternsFor(P)` gives the P patterns of one trial.
template <typename Scalar, typename PatternSource, typename Rng>
std::vector<CapacityPoint> runCapacitySweep(Eigen::Index units, const std::vector<double>& loads,
                                            const CapacityOptions& options, Rng& rng,
                                            PatternSource&& patternsFor)
{
    using Clock = std::chrono::steady_clock;
    std::vector<CapacityPoint> points;
    points.reserve(loads.size());
    for (const double load : loads)
    {
        CapacityPoint point;
        point.load = load;
        point.patterns = std::max<Eigen::Index>(1, Eigen::Index(std::lround(load * units)));

        const auto started = Clock::now();
        Eigen::Index recalled = 0;
        double overlapSum = 0.0;
        for (Eigen::Index trial = 0; trial < options.trials; ++trial)
            measureRecall<Scalar>(patternsFor(point.patterns), options, rng, recalled,
                                  overlapSum);

        const double cues = double(point.patterns) * double(options.trials);
        point.recalledFraction = double(recalled) / cues;
        point.meanOverlap = overlapSum / cues;
        point.seconds = std::chrono::duration<double>(Clock::now() - started).count();
        points.push_back(point);
    }
    return points;
}

} // namespace detail

/**
 * Capacity of a Hopfield network against load, on random patterns: for each load P/N, stores
 * P random -1/+1 patterns of N units with options.rule in a fresh network, recalls every
 * pattern from a cue with options.cueNoise of its entries flipped, and reports the fraction
 * recalled exactly and the mean final overlap (Amit, Gutfreund & Sompolinsky 1985; Hertz,
 * Krogh & Palmer section 2.2). The Hebbian rule collapses near P = 0.138 N.
 *
 * @code
 * std::mt19937_64 engine(1);
 * emergence::CapacityOptions options;
 * options.rule = emergence::LearningRule::Storkey;
 * auto points = emergence::capacitySweep<float>(1000, {0.05, 0.10, 0.15}, options, engine);
 * @endcode
 *
 * @tparam Scalar float or double, the network's scalar type.
 * @param units N, at least 1.
 * @param loads the loads P/N to measure, each above 0 and at most 1 (P = round(load N),
 *        at least 1).
 * @param options rule, recall settings, cue noise and trials per load.
 * @param rng the caller's engine: it draws the patterns, the cues and the networks' seeds,
 *        so the same engine state gives the same sweep.
 * @return one point per load, in the order given.
 * @throws std::invalid_argument on a bad argument, before anything is computed; the message
 *         names it and its value.
 */
template <typename Scalar, typename Rng>
std::vector<CapacityPoint> capacitySweep(Eigen::Index units, const std::vector<double>& loads,
                                         const CapacityOptions& options, Rng& rng)
{
    detail::checkCapacityArguments(units, units, loads, options);
    return detail::runCapacitySweep<Scalar>(units, loads, options, rng, [&](Eigen::Index count) {
        return randomPatterns<Scalar>(units, count, rng);
    });
}

/**
 * Capacity against load on given patterns (images, say): as above, but load P/N stores the
 * first P columns of `patterns`, and each trial draws fresh cues of them.
 *
 * @param patterns N x M bipolar (-1/+1) patterns, one per column; a load may ask for up to
 *        M of them.
 * @param loads, options, rng as for the random-pattern sweep.
 * @throws std::invalid_argument on an entry that is not -1 or +1, a load that asks for more
 *         than M patterns, or a bad option.
 */
template <typename Scalar, typename Derived, typename Rng>
std::vector<CapacityPoint> capacitySweep(const Eigen::MatrixBase<Derived>& patterns,
                                         const std::vector<double>& loads,
                                         const CapacityOptions& options, Rng& rng)
{
    detail::checkCapacityArguments(patterns.rows(), patterns.cols(), loads, options);
    detail::checkCoding(patterns, Coding::Bipolar, "capacitySweep", "patterns");

    using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
    const Matrix stored = patterns.template cast<Scalar>();
    return detail::runCapacitySweep<Scalar>(
        patterns.rows(), loads, options, rng,
        [&](Eigen::Index count) { return stored.leftCols(count); });
}

} // namespace emergence

#endif // EMERGENCE_HOPFIELD_CAPACITY_SWEEP_HPP
