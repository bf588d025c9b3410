#ifndef EMERGENCE_HOPFIELD_MODERN_HOPFIELD_NETWORK_HPP
#define EMERGENCE_HOPFIELD_MODERN_HOPFIELD_NETWORK_HPP

#include <emergence/hopfield/retrieval_options.hpp>
#include <emergence/hopfield/retrieval_result.hpp>

#include <Eigen/Core>

#include <type_traits>
#include <vector>

namespace emergence
{

/**
 * A modern Hopfield network with continuous states (Ramsauer et al., "Hopfield Networks is
 * All You Need", arXiv:2008.02217, 2020; ICLR 2021).
 *
 * The network stores P patterns x_1, ..., x_P of N real entries as the columns of X and
 * retrieves from a query xi by the update xi <- X softmax(beta X'xi), the attention step of
 * a transformer with X as keys and values. The update never raises the energy
 * E(xi) = -lse(beta, X'xi) + 1/2 xi'xi + log(P) / beta + 1/2 M^2, where
 * lse(beta, z) = log(sum_mu exp(beta z_mu)) / beta and M is the largest pattern norm; with
 * well separated patterns and a large enough beta one update lands next to the stored
 * pattern nearest the query.
 *
 * @code
 * emergence::ModernHopfieldNetwork<float> network(patterns);   // 784 x P, one per column
 * auto result = network.retrieve(noisyCue);                     // result.state, .status
 * Eigen::VectorXf recalled = result.state.array().sign();       // back to -1/+1
 * @endcode
 *
 * Bipolar patterns and cues (-1/+1, e.g. binarised images with some pixels flipped) need
 * nothing special: the cue is an ordinary real query, the retrieved state is a real vector
 * with entries in [-1, 1] (a convex combination of the patterns), and the sign of each entry
 * gives a bipolar state again. Entries are exactly 0 only if the weighted patterns cancel,
 * and Eigen's sign() keeps such an entry at 0.
 *
 * Retrieval of many queries runs as two matrix products per step (X'Q, then X S) over the
 * queries still moving, in buffers the network keeps between calls.
 *
 * @warning retrieve() and retrieveBatch() reuse the network's buffers, so one network must
 *          not retrieve from two threads at once; give each thread its own copy. The const
 *          functions (energy, patternWeights, patterns) may run concurrently.
 *
 * @tparam Scalar float or double: the type of patterns, queries and states.
 */
template <typename Scalar>
class ModernHopfieldNetwork
{
    static_assert(std::is_floating_point_v<Scalar>,
                  "ModernHopfieldNetwork<Scalar>: Scalar must be float or double; states are "
                  "real-valued convex combinations of the patterns.");

public:
    /// Dense matrix of the network's scalar type.
    using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
    /// Dense column vector of the network's scalar type.
    using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;

    /**
     * Most entries of the P x B softmax buffer (64 MiB in float): a batch with more
     * queries is retrieved in blocks of columns, so memory stays bounded when many
     * patterns meet many queries.
     */
    static constexpr Eigen::Index MaxSoftmaxEntries = Eigen::Index(1) << 24;

    /**
     * Stores the patterns.
     *
     * @param patterns N x P matrix, one pattern per column, N >= 1 and P >= 1, every entry
     *        finite in Scalar.
     * @throws std::invalid_argument if there is no pattern or no unit, if an entry is not
     *         finite, or if the square of the largest pattern norm overflows Scalar (the
     *         overlaps of retrieved states would overflow).
     */
    template <typename Derived>
    explicit ModernHopfieldNetwork(const Eigen::MatrixBase<Derived>& patterns);

    /// Number of entries N of a pattern.
    Eigen::Index units() const { return m_patterns.rows(); }

    /// Number of stored patterns P.
    Eigen::Index patternCount() const { return m_patterns.cols(); }

    /// The N x P stored patterns X, one per column.
    const Matrix& patterns() const { return m_patterns; }

    /// M, the largest Euclidean norm of a stored pattern (computed in double).
    double largestNorm() const { return m_largestNorm; }

    /**
     * Retrieves from one query by repeated updates xi <- X softmax(beta X'xi).
     *
     * @param query N x 1 starting state, finite (a bipolar cue works as it is).
     * @param options beta, tolerance and step limit.
     * @return the final state, whether it converged, the steps taken and the last change.
     * @throws std::invalid_argument on a wrong shape, an entry that is not finite, a query
     *         whose overlaps with the patterns could overflow Scalar, or options outside
     *         their documented ranges.
     */
    template <typename Derived>
    RetrievalResult<Scalar> retrieve(const Eigen::MatrixBase<Derived>& query,
                                     const RetrievalOptions& options = RetrievalOptions());

    /**
     * Retrieves from every column of `queries`; column j of the result is what retrieve()
     * of column j gives, up to rounding (Eigen sums a batch product in another order than a
     * single one, so entries may differ in the last bits).
     *
     * Each step is one product X'Q of the patterns with the queries still moving, a
     * column-wise stable softmax, and one product X S. Queries that converge leave the
     * products, so later steps cost only what the remaining queries need.
     *
     * @param queries N x B matrix of starting states, one query per column (B >= 0).
     * @param options beta, tolerance and step limit.
     * @throws std::invalid_argument as retrieve() does; the message names the query.
     */
    template <typename Derived>
    BatchRetrievalResult<Scalar>
    retrieveBatch(const Eigen::MatrixBase<Derived>& queries,
                  const RetrievalOptions& options = RetrievalOptions());

    /**
     * The weights softmax(beta X'xi) that one update gives the patterns: entry mu is the
     * share of pattern mu in the next state, so the largest entry names the pattern a
     * query is retrieving and a spread of weights shows a metastable state.
     *
     * @param state N x 1 finite state.
     * @param beta inverse temperature, finite and positive in Scalar.
     * @return P weights in [0, 1] that sum to 1 (up to rounding).
     * @throws std::invalid_argument as retrieve() does for the state and for beta.
     */
    template <typename Derived>
    Vector patternWeights(const Eigen::MatrixBase<Derived>& state, double beta) const;

    /**
     * The energy E(xi) = -lse(beta, X'xi) + 1/2 xi'xi + log(P) / beta + 1/2 M^2 of a state.
     *
     * Computed in double, overlaps included, by a form that neither overflows at large
     * beta nor cancels at small beta: with z = X'xi and d = z - max(z),
     * E = -max(z) - log1p(mean(expm1(beta d))) / beta + 1/2 xi'xi + 1/2 M^2. The energy is
     * at least 1/2 (|xi| - M)^2 >= 0 for every state.
     *
     * @param state N x 1 finite state.
     * @param beta inverse temperature, finite and positive.
     * @return the energy, finite.
     * @throws std::invalid_argument on a wrong shape, an entry that is not finite, or beta
     *         not finite and positive.
     */
    template <typename Derived>
    double energy(const Eigen::MatrixBase<Derived>& state, double beta) const;

private:
    /// retrieve() and retrieveBatch(): checks the arguments, then runs every column.
    template <typename Derived>
    BatchRetrievalResult<Scalar> retrieveColumns(const Eigen::MatrixBase<Derived>& queries,
                                                 const RetrievalOptions& options,
                                                 const char* function);

    /**
     * Checks that `states` has N rows of finite entries whose overlaps with the patterns
     * cannot overflow Scalar; `what` names a column in messages ("query", "state").
     */
    template <typename Derived>
    void checkStates(const Eigen::MatrixBase<Derived>& states, const char* function,
                     const char* what) const;

    /// Checks that a single state is one column; then checkStates().
    template <typename Derived>
    void checkSingleState(const Eigen::MatrixBase<Derived>& state, const char* function) const;

    /// beta converted to Scalar; throws unless it is finite and positive there.
    static Scalar checkedBeta(double beta, const char* function);

    /// Runs the first `width` columns of the workspace to the end; `first` is the batch
    /// column of workspace column 0.
    void retrieveBlock(Eigen::Index first, Eigen::Index width, Scalar beta,
                       const RetrievalOptions& options, BatchRetrievalResult<Scalar>& result);

    /// Replaces each of the first `columns` columns of `scores` by softmax(beta column).
    static void softmaxColumns(Matrix& scores, Eigen::Index columns, Scalar beta);

    /**
     * Buffers of retrieval, kept between calls and grown to the largest block seen: the
     * P x B scores of one block reach tens of megabytes, and fresh pages cost a fault each.
     */
    struct Workspace
    {
        Matrix current;                   ///< N x block: states before the step
        Matrix next;                      ///< N x block: states after the step
        Matrix scores;                    ///< P x block: overlaps, then softmax weights
        std::vector<Eigen::Index> origin; ///< batch column of each workspace column
        std::vector<Scalar> change;       ///< largest change of each column in this step
    };

    Matrix m_patterns;        ///< X: N x P, one pattern per column
    double m_largestNorm = 0; ///< M
    Workspace m_workspace;    ///< reused by retrieval
};

} // namespace emergence

#include <emergence/hopfield/modern_hopfield_network_impl.hpp>

#endif // EMERGENCE_HOPFIELD_MODERN_HOPFIELD_NETWORK_HPP
