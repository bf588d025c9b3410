#ifndef EMERGENCE_HOPFIELD_RECALL_OPTIONS_HPP
#define EMERGENCE_HOPFIELD_RECALL_OPTIONS_HPP

#include <emergence/image/coding.hpp>

#include <Eigen/Core>

#include <vector>

namespace emergence
{

/**
 * The order in which a Hopfield network updates its units during recall.
 *
 * A sweep updates every unit once. Synchronous sweeps update all units from the same old
 * state (Little's dynamics), which may end in a 2-cycle; asynchronous sweeps update one unit
 * at a time from the current state (Hopfield's dynamics), under which the energy never rises
 * and recall always ends at a fixed point.
 */
enum class UpdateMode
{
    Synchronous, ///< all units at once, as one matrix product per sweep
    Sequential,  ///< one unit at a time, in index order 0, 1, ..., N-1
    RandomOrder  ///< one unit at a time, in a fresh random permutation every sweep
};

/// The name of an update mode, for messages and progress lines: "sync", "async", "random".
inline const char* updateModeName(UpdateMode mode)
{
    switch (mode)
    {
    case UpdateMode::Synchronous:
        return "sync";
    case UpdateMode::Sequential:
        return "async";
    case UpdateMode::RandomOrder:
        return "random";
    }
    return "unknown";
}

/**
 * Settings of one recall call; the defaults give deterministic sequential recall.
 *
 * A non-empty `temperatures` schedule makes the asynchronous updates stochastic (Glauber
 * dynamics; Hertz, Krogh & Palmer, section 2.5): at temperature T > 0 a unit with local field
 * h becomes +1 with probability 1 / (1 + exp(-2h / T)) and -1 otherwise, whatever its current
 * value, so a unit at a tie (h = 0) takes either value with probability 1/2. At T = 0 the
 * deterministic sign rule applies, ties included.
 */
struct RecallOptions
{
    /// How the units are updated.
    UpdateMode mode = UpdateMode::Sequential;

    /// The most sweeps recall may make before it gives up; at least 1.
    Eigen::Index maxSweeps = 100;

    /// The coding of the cues, used for the returned states too.
    Coding coding = Coding::Bipolar;

    /**
     * Temperature of each sweep; empty (the default) for deterministic recall.
     *
     * Sweep k (counting from 0) runs at temperatures[k]; the last entry holds for every later
     * sweep. A schedule that ends at 0 anneals, then quenches: once no positive temperature
     * is left, recall stops at the first sweep that changes nothing (status FixedPoint). A
     * schedule that ends above 0 samples until maxSweeps; then, and whenever maxSweeps is
     * reached, the status says whether the final state is a fixed point of the deterministic
     * dynamics (FixedPoint) or not (SweepLimit). Entries must be finite and at least 0, the
     * schedule may not be longer than maxSweeps, and the mode must be Sequential or
     * RandomOrder.
     */
    std::vector<double> temperatures;
};

} // namespace emergence

#endif // EMERGENCE_HOPFIELD_RECALL_OPTIONS_HPP
