#ifndef EMERGENCE_HOPFIELD_BASIN_OF_ATTRACTION_HPP
#define EMERGENCE_HOPFIELD_BASIN_OF_ATTRACTION_HPP

#include <emergence/detail/error.hpp>
#include <emergence/hopfield/hopfield_network.hpp>
#include <emergence/hopfield/pattern_distance.hpp>
#include <emergence/hopfield/recall_options.hpp>
#include <emergence/image/coding.hpp>
#include <emergence/image/flip_pixels.hpp>

#include <Eigen/Core>

#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <vector>

namespace emergence
{

/// The most fractions a basin estimate tries after 0; a finer grid would only cost time.
constexpr Eigen::Index MaxBasinSteps = 10000;

/** Settings of a basin-of-attraction estimate. */
struct BasinOptions
{
    /// How the cues are recalled; the coding must be Coding::Bipolar.
    RecallOptions recall;

    /// The probability of exact recall a fraction of flipped entries must reach, in (0, 1].
    double probability = 0.9;

    /// Cues per pattern and fraction, at least 1.
    Eigen::Index trials = 20;

    /// Spacing of the fractions tried: 0, step, 2 step, ... up to maxFraction; above 0 and
    /// at least maxFraction / MaxBasinSteps.
    double step = 0.02;

    /// The largest fraction of flipped entries tried, in [0, 1].
    double maxFraction = 0.5;
};

/** What basinOfAttraction() measured. */
struct BasinEstimate
{
    /// The fractions of flipped entries tried, in increasing order, starting at 0.
    std::vector<double> fractions;

    /// P x fractions.size(): the share of a pattern's cues recalled exactly at each fraction;
    /// NaN from the first fraction after the one where the pattern fell short.
    Eigen::MatrixXd recallRate;

    /// Per pattern, the basin radius: the largest fraction f tried such that at every
    /// fraction up to f the pattern was recalled with at least the asked probability. NaN
    /// when even the pattern itself (fraction 0) falls short: it is not a memory.
    ColumnValues radius;
};

/**
 * Estimates the basin of attraction of each stored pattern: cues with a growing fraction of
 * flipped entries (exactly round(f N) distinct ones each) are recalled, and the radius is the
 * largest fraction from which the pattern still comes back exactly with the asked
 * probability (Hertz, Krogh & Palmer section 2.2; for random patterns and the Hebbian rule
 * the radius shrinks to 0 as the load approaches 0.138).
 *
 * A pattern stops being tried at the first fraction where it falls short, so the work
 * shrinks as the fractions grow; all cues of one fraction are recalled in one batch.
 *
 * @param network the network holding the patterns; its engine draws random update orders.
 * @param patterns N x P bipolar (-1/+1) patterns, one per column, N = network.units().
 * @param options recall settings, probability, trials and the grid of fractions.
 * @param rng the caller's engine, which draws the flipped entries.
 * @return the fractions tried, the recall rates and the radius of each pattern.
 * @throws std::invalid_argument on a wrong row count, an entry that is not -1 or +1, or an
 *         option outside its range; nothing is computed then.
 */
template <typename Scalar, typename PatternsDerived, typename Rng>
BasinEstimate basinOfAttraction(HopfieldNetwork<Scalar>& network,
                                const Eigen::MatrixBase<PatternsDerived>& patterns,
                                const BasinOptions& options, Rng& rng)
{
    const char* function = "basinOfAttraction";
    if (patterns.rows() != network.units())
        throw std::invalid_argument(detail::message(function, ": patterns have ",
                                                    patterns.rows(), " rows, the network has ",
                                                    network.units(), " units"));
    detail::checkCoding(patterns, Coding::Bipolar, function, "patterns");
    if (!(options.probability > 0.0 && options.probability <= 1.0))
        throw std::invalid_argument(detail::message(
            function, ": probability is ", options.probability, ", expected above 0, at most 1"));
    if (options.trials < 1)
        throw std::invalid_argument(detail::message(function, ": trials is ", options.trials,
                                                    ", expected at least 1"));
    if (!(options.maxFraction >= 0.0 && options.maxFraction <= 1.0))
        throw std::invalid_argument(detail::message(function, ": maxFraction is ",
                                                    options.maxFraction, ", expected 0 to 1"));
    if (!(options.step > 0.0 && options.maxFraction / options.step <= double(MaxBasinSteps)))
        throw std::invalid_argument(detail::message(
            function, ": step is ", options.step, ", expected above 0 and at least maxFraction / ",
            MaxBasinSteps, " = ", options.maxFraction / double(MaxBasinSteps)));
    if (options.recall.coding != Coding::Bipolar)
        throw std::invalid_argument(detail::message(
            function, ": recall.coding is binary, expected bipolar (patterns are -1/+1)"));

    // The grid 0, step, 2 step, ...; the small allowance keeps maxFraction itself on it when
    // it is a multiple of step that rounding put a hair below.
    BasinEstimate estimate;
    const auto steps = Eigen::Index(std::floor(options.maxFraction / options.step + 1e-9));
    for (Eigen::Index k = 0; k <= steps; ++k)
        estimate.fractions.push_back(double(k) * options.step);
    const Eigen::Index count = patterns.cols();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    estimate.recallRate = Eigen::MatrixXd::Constant(count, Eigen::Index(estimate.fractions.size()),
                                                    nan);
    estimate.radius = ColumnValues::Constant(count, nan);

    using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
    const Matrix stored = patterns.template cast<Scalar>();
    std::vector<Eigen::Index> alive(static_cast<std::size_t>(count));
    for (Eigen::Index j = 0; j < count; ++j)
        alive[static_cast<std::size_t>(j)] = j;

    for (std::size_t k = 0; k < estimate.fractions.size() && !alive.empty(); ++k)
    {
        // Every surviving pattern, repeated `trials` times, flipped and recalled as a batch.
        const Eigen::Index trials = options.trials;
        Matrix targets(stored.rows(), Eigen::Index(alive.size()) * trials);
        for (std::size_t a = 0; a < alive.size(); ++a)
            for (Eigen::Index t = 0; t < trials; ++t)
                targets.col(Eigen::Index(a) * trials + t) = stored.col(alive[a]);
        const Matrix cues = flipPixels(targets, estimate.fractions[k], rng);
        const ColumnValues overlap =
            overlaps(network.recallBatch(cues, options.recall).states, targets);

        // Rates per pattern; the patterns that fall short leave the set.
        std::vector<Eigen::Index> survivors;
        for (std::size_t a = 0; a < alive.size(); ++a)
        {
            const auto hits = (overlap.segment(Eigen::Index(a) * trials, trials).array() == 1.0)
                                  .count();
            const double rate = double(hits) / double(trials);
            estimate.recallRate(alive[a], Eigen::Index(k)) = rate;
            if (rate >= options.probability)
            {
                estimate.radius(alive[a]) = estimate.fractions[k];
                survivors.push_back(alive[a]);
            }
        }
        alive.swap(survivors);
    }
    return estimate;
}

} // namespace emergence

#endif // EMERGENCE_HOPFIELD_BASIN_OF_ATTRACTION_HPP
