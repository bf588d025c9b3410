#ifndef EMERGENCE_HOPFIELD_RETRIEVAL_RESULT_HPP
#define EMERGENCE_HOPFIELD_RETRIEVAL_RESULT_HPP

#include <Eigen/Core>

#include <algorithm>
#include <vector>

namespace emergence
{

/** How the retrieval of one query by a ModernHopfieldNetwork ended. */
enum class RetrievalStatus
{
    Converged, ///< the last step changed no entry by more than the tolerance
    StepLimit  ///< the last allowed step still changed an entry by more than the tolerance
};

/// The name of a status, for messages and progress lines: "converged" or "step limit".
inline const char* retrievalStatusName(RetrievalStatus status)
{
    switch (status)
    {
    case RetrievalStatus::Converged:
        return "converged";
    case RetrievalStatus::StepLimit:
        return "step limit";
    }
    return "unknown";
}

/**
 * What retrieval of one query gives.
 *
 * `steps` counts the updates applied, the last one included: a query that converges in
 * the first update reports 1. `change` is the largest change of an entry in that last
 * update, so a caller can see how far from the tolerance a StepLimit query stopped.
 */
template <typename Scalar>
struct RetrievalResult
{
    Eigen::Matrix<Scalar, Eigen::Dynamic, 1> state;      ///< the state after the last update
    RetrievalStatus status = RetrievalStatus::StepLimit; ///< how retrieval ended
    Eigen::Index steps = 0;                              ///< updates applied
    Scalar change = Scalar(0);                           ///< largest change in the last update
};

/** What retrieval of a batch of queries gives: column or entry j belongs to query j. */
template <typename Scalar>
struct BatchRetrievalResult
{
    Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> states; ///< N x B final states
    std::vector<RetrievalStatus> status;                          ///< one per query
    std::vector<Eigen::Index> steps;                              ///< one per query
    std::vector<Scalar> change;                                   ///< one per query

    /// How many queries ended with the given status.
    Eigen::Index count(RetrievalStatus which) const
    {
        return static_cast<Eigen::Index>(std::count(status.begin(), status.end(), which));
    }
};

} // namespace emergence

#endif // EMERGENCE_HOPFIELD_RETRIEVAL_RESULT_HPP
