#ifndef EMERGENCE_HOPFIELD_RECALL_OPTIONS_HPP
#define EMERGENCE_HOPFIELD_RECALL_OPTIONS_HPP

#include <emergence/image/coding.hpp>

#include <Eigen/Core>

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

/** Settings of one recall call; the defaults give deterministic sequential recall. */
struct RecallOptions
{
    /// How the units are updated.
    UpdateMode mode = UpdateMode::Sequential;

    /// The most sweeps recall may make before it gives up; at least 1.
    Eigen::Index maxSweeps = 100;

    /// The coding of the cues, used for the returned states too.
    Coding coding = Coding::Bipolar;
};

} // namespace emergence

#endif // EMERGENCE_HOPFIELD_RECALL_OPTIONS_HPP
