#ifndef EMERGENCE_HOPFIELD_RECALL_RESULT_HPP
#define EMERGENCE_HOPFIELD_RECALL_RESULT_HPP

#include <Eigen/Core>

#include <algorithm>
#include <cstddef>
#include <vector>

namespace emergence
{

/** How a recall ended. */
enum class RecallStatus
{
    FixedPoint, ///< the state is stable under deterministic updates (see RecallResult)
    TwoCycle,   ///< synchronous updates alternate between two states (energy stays constant)
    SweepLimit  ///< recall stopped at maxSweeps without confirming a fixed point
};

/// The name of a status, for messages and progress lines: "fixed point", "2-cycle", ...
inline const char* recallStatusName(RecallStatus status)
{
    switch (status)
    {
    case RecallStatus::FixedPoint:
        return "fixed point";
    case RecallStatus::TwoCycle:
        return "2-cycle";
    case RecallStatus::SweepLimit:
        return "sweep limit";
    }
    return "unknown";
}

/**
 * What recall of one cue gives.
 *
 * `sweeps` counts the sweeps that changed the state: a cue that is already a fixed point
 * needs 0, and the sweep that confirms a fixed point is not counted. For a 2-cycle, `state`
 * is the last state reached, which equals the state two sweeps before.
 *
 * Deterministic recall reports FixedPoint when a whole sweep changed no unit, and SweepLimit
 * when the last allowed sweep still changed the state. With a temperature schedule
 * (RecallOptions::temperatures) a quiet sweep at T > 0 proves nothing, so FixedPoint means
 * either that a sweep at T = 0 with no positive temperature left changed nothing, or that the
 * state reached at maxSweeps was checked and no unit would change under the deterministic
 * rule; `sweeps` is then the number of the last sweep that changed the state.
 */
template <typename Scalar>
struct RecallResult
{
    Eigen::Matrix<Scalar, Eigen::Dynamic, 1> state; ///< final state, in the cue's coding
    RecallStatus status = RecallStatus::SweepLimit; ///< how recall ended
    Eigen::Index sweeps = 0;                        ///< sweeps that changed the state
};

/** What recall of a batch of cues gives: column j belongs to cue j. */
template <typename Scalar>
struct BatchRecallResult
{
    Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> states; ///< N x B final states
    std::vector<RecallStatus> status;                             ///< one per cue
    std::vector<Eigen::Index> sweeps;                             ///< one per cue

    /// How many cues ended with the given status.
    Eigen::Index count(RecallStatus which) const
    {
        return static_cast<Eigen::Index>(std::count(status.begin(), status.end(), which));
    }

    /// What recall of cue j alone gives: column j, its status and its sweeps.
    RecallResult<Scalar> column(Eigen::Index j) const
    {
        const auto k = static_cast<std::size_t>(j);
        return RecallResult<Scalar>{states.col(j), status.at(k), sweeps.at(k)};
    }
};

} // namespace emergence

#endif // EMERGENCE_HOPFIELD_RECALL_RESULT_HPP
