#ifndef EMERGENCE_HOPFIELD_HOPFIELD_NETWORK_HPP
#define EMERGENCE_HOPFIELD_HOPFIELD_NETWORK_HPP

#include <emergence/hopfield/learning_rule.hpp>
#include <emergence/hopfield/recall_options.hpp>
#include <emergence/hopfield/recall_result.hpp>
#include <emergence/image/coding.hpp>

#include <Eigen/Core>

#include <cstdint>
#include <random>
#include <type_traits>
#include <vector>

namespace emergence
{

/**
 * A classical Hopfield network of N binary units with symmetric weights (Hopfield 1982;
 * Hertz, Krogh & Palmer, "Introduction to the Theory of Neural Computation", ch. 2).
 *
 * Patterns are stored with a LearningRule: Hebbian, W = (1/N) sum_mu x_mu x_mu' (the
 * default), Storkey's incremental rule or the pseudo-inverse (projection) rule, each with a
 * zero diagonal. They are recalled by sign updates s_i <- sign(h_i) of the local field
 * h = W s - theta, or stochastically at a temperature (RecallOptions::temperatures). The
 * energy is E(s) = -1/2 s'Ws + theta's.
 *
 * @code
 * emergence::HopfieldNetwork<float> network(784);
 * network.train(patterns, emergence::Coding::Bipolar, emergence::LearningRule::Storkey);
 * auto result = network.recall(noisyCue);      // result.state, .status, .sweeps
 * @endcode
 *
 * Conventions:
 * - Patterns and cues are columns: P patterns of N units form an N x P matrix.
 * - A unit whose field is exactly 0 keeps its current value (no bias towards +1 or -1).
 * - Dynamics run on bipolar (-1/+1) states; binary (0/1) data is accepted when the call says
 *   Coding::Binary, converted with s = 2v - 1, and results come back in 0/1.
 *
 * @note The weights are kept as N W. After Hebbian training only, that is the plain sum of
 *       outer products, whose entries are integers. Local fields of bipolar states are then
 *       sums of integers and exact in floating point while N times the number of stored
 *       patterns stays below 2^24 (float) or 2^53 (double): ties are real ties, batch and
 *       one-by-one recall agree bit for bit, and fields kept up to date flip by flip do not
 *       drift. Storkey and pseudo-inverse couplings are not integers: fields are then only
 *       as exact as floating point, an exact tie is rare, and a field within rounding of
 *       the threshold may be decided either way. Asynchronous batch and one-by-one recall
 *       still agree bit for bit, as they run the same operations per cue; synchronous ones
 *       sum the products in other orders (one matrix product over a batch, a matrix-vector
 *       product for one cue) and may then differ at such near-ties.
 *
 * @warning recall() and recallBatch() change the network's engine and recall buffers, so one
 *          network must not recall from two threads at once; give each thread its own copy.
 *          The const functions (energy, localFields, weights) may run concurrently.
 *
 * @tparam Scalar float or double: the type of weights, fields and states.
 */
template <typename Scalar>
class HopfieldNetwork
{
    static_assert(std::is_floating_point_v<Scalar>,
                  "HopfieldNetwork<Scalar>: Scalar must be float or double; integer weights "
                  "would overflow and the thresholds are real numbers.");

public:
    /// Dense matrix of the network's scalar type.
    using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
    /// Dense column vector of the network's scalar type.
    using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
    /// The engine behind random update orders.
    using Engine = std::mt19937_64;

    /// The seed used when none is given.
    static constexpr std::uint64_t DefaultSeed = 20261204;

    /**
     * Creates a network with no stored patterns (W = 0) and zero thresholds.
     *
     * @param units number of units N, at least 1.
     * @param seed seed of the engine that draws random update orders.
     * @throws std::invalid_argument if units < 1.
     */
    explicit HopfieldNetwork(Eigen::Index units, std::uint64_t seed = DefaultSeed);

    /// Number of units N.
    Eigen::Index units() const { return m_couplings.rows(); }

    /// Number of patterns stored since construction or the last clear().
    Eigen::Index patternCount() const { return m_patternCount; }

    /// The N x N symmetric weight matrix W, with a zero diagonal.
    Matrix weights() const { return m_couplings / Scalar(units()); }

    /// The N thresholds theta (biases with the opposite sign).
    const Vector& thresholds() const { return m_thresholds; }

    /// The N x N couplings N W, symmetric with a zero diagonal; weights() divides them by N.
    /// After Hebbian training they are the plain sum of the patterns' outer products, integers.
    const Matrix& couplings() const { return m_couplings; }

    /**
     * Rebuilds a network from its couplings, thresholds and pattern count, as saved by
     * saveModel(); the inverse of couplings(), thresholds() and patternCount().
     *
     * @param couplings N x N matrix N W (N >= 1): finite, symmetric, zero diagonal.
     * @param thresholds N finite thresholds theta, as a column vector.
     * @param patternCount number of patterns the couplings hold, at least 0.
     * @param seed seed of the engine that draws random update orders (the engine state of
     *        the network that was saved is not restored).
     * @return the network, with empty recall buffers.
     * @throws std::invalid_argument if a condition above does not hold; the message names
     *         the first offending entry and its value.
     * @note Hebbian couplings are integers, which makes fields exact (see the class note);
     *       other values are accepted, but then ties and batch/single agreement are only
     *       as exact as floating point.
     */
    template <typename CouplingsDerived, typename ThresholdsDerived>
    static HopfieldNetwork fromCouplings(const Eigen::MatrixBase<CouplingsDerived>& couplings,
                                         const Eigen::MatrixBase<ThresholdsDerived>& thresholds,
                                         Eigen::Index patternCount,
                                         std::uint64_t seed = DefaultSeed);

    /**
     * Sets the thresholds theta; a unit needs a field above theta_i to turn on.
     *
     * @param thresholds N finite values, as a column vector.
     * @throws std::invalid_argument on a wrong size or a value that is not finite.
     */
    template <typename Derived>
    void setThresholds(const Eigen::MatrixBase<Derived>& thresholds);

    /**
     * Stores patterns with a learning rule (see LearningRule); thresholds are not changed.
     *
     * Hebbian and Storkey add the patterns to what is stored, whatever rule stored it, and
     * add P to patternCount(). Storkey's rule costs O(N^2) per pattern: one symmetric
     * matrix-vector product and one rank-2 update.
     *
     * PseudoInverse sets W to the orthogonal projector onto the span of the given patterns,
     * with its diagonal removed, found from a column-pivoting QR decomposition of the N x P
     * pattern matrix in double precision (O(N P^2 + N^2 r) for rank r; no inverse of X'X is
     * formed). Linearly dependent patterns, duplicates included, are handled: the projector
     * is onto their span, of dimension r = the numerical rank (pivots above max(N, P) eps
     * times the largest one).
     *
     * @param patterns N x P matrix, one pattern per column, in the given coding.
     * @param coding Coding::Bipolar for -1/+1 entries, Coding::Binary for 0/1 entries.
     * @param rule the learning rule; Hebbian by default.
     * @throws std::invalid_argument if the row count is not N, an entry is not in the coding
     *         or `rule` is not a LearningRule; the network is then unchanged.
     * @note PseudoInverse replaces what is stored (any rule's), and patternCount() becomes P:
     *       the projector depends on the whole set, and the network keeps no patterns to
     *       recompute it from. To add patterns, train again with all of them. Each pattern x
     *       is then a fixed point with zero thresholds: with A the projector, A x = x, so
     *       h_i = (A x)_i - A_ii x_i = (1 - A_ii) x_i, of the sign of x_i because
     *       A_ii = |A e_i|^2 < 1 unless the unit vector e_i lies in the span (then h_i = 0
     *       up to rounding, and the tie rule keeps x_i). So any patterns spanning fewer than
     *       N dimensions, correlated or not, are stored; patterns spanning all N give A = I
     *       and W = 0, under which every state is a fixed point.
     */
    template <typename Derived>
    void train(const Eigen::MatrixBase<Derived>& patterns, Coding coding = Coding::Bipolar,
               LearningRule rule = LearningRule::Hebbian);

    /// Forgets every stored pattern, resets the thresholds to zero and frees recall buffers.
    void clear();

    /// Reseeds the engine that draws random update orders.
    void seed(std::uint64_t value) { m_engine.seed(value); }

    /**
     * The local fields h = W s - theta of a state.
     *
     * @param state N x 1 state in the given coding.
     * @param coding the coding of `state`.
     * @return the N fields (a binary state is converted to bipolar first).
     * @throws std::invalid_argument on a wrong size or an entry not in the coding.
     */
    template <typename Derived>
    Vector localFields(const Eigen::MatrixBase<Derived>& state,
                       Coding coding = Coding::Bipolar) const;

    /**
     * The energy E(s) = -1/2 s'Ws + theta's of a state.
     *
     * @param state N x 1 state in the given coding (a binary state is converted to bipolar).
     * @param coding the coding of `state`.
     * @throws std::invalid_argument on a wrong size or an entry not in the coding.
     */
    template <typename Derived>
    Scalar energy(const Eigen::MatrixBase<Derived>& state, Coding coding = Coding::Bipolar) const;

    /**
     * Runs the dynamics from one cue until a fixed point, a 2-cycle or the sweep limit.
     *
     * @param cue N x 1 starting state in options.coding.
     * @param options update mode, sweep limit, coding and temperature schedule.
     * @return the final state (in options.coding), how recall ended and the sweeps used.
     * @throws std::invalid_argument on a wrong shape, an entry not in the coding,
     *         options.maxSweeps < 1, a temperature that is negative or not finite, a
     *         schedule longer than maxSweeps, or a schedule with UpdateMode::Synchronous.
     * @note The cue draws its seeds from the network's engine: first one for the update
     *       order (UpdateMode::RandomOrder), then one for the stochastic updates (non-empty
     *       temperature schedule). Two calls in a row draw differently; the same seed
     *       repeats them. The update order depends on its own seed only, so from the same
     *       engine state a cue recalled at a temperature near 0 follows the same path as at
     *       T = 0 (away from ties, which T > 0 decides by a coin).
     */
    template <typename Derived>
    RecallResult<Scalar> recall(const Eigen::MatrixBase<Derived>& cue,
                                const RecallOptions& options = RecallOptions());

    /**
     * Recalls every column of `cues`; column j of the result is exactly what recall() of
     * column j would give from the same engine state.
     *
     * Synchronous recall runs all cues still moving as one matrix product per sweep, in
     * three N x B buffers that the network keeps for later calls (clear() frees them).
     * Asynchronous recall runs the cues in parallel when compiled with OpenMP; each cue
     * draws its own seeds (see recall()) from the network's engine in column order first,
     * so results do not depend on the number of threads.
     *
     * @param cues N x B matrix of starting states in options.coding, one cue per column.
     * @param options update mode, sweep limit, coding and temperature schedule.
     * @throws std::invalid_argument in the cases recall() lists, for a wrong row count
     *         instead of a wrong shape.
     */
    template <typename Derived>
    BatchRecallResult<Scalar> recallBatch(const Eigen::MatrixBase<Derived>& cues,
                                          const RecallOptions& options = RecallOptions());

private:
    /// Hebb's rule on bipolar patterns: adds their outer products.
    void trainHebbian(const Matrix& bipolar);

    /// Storkey's rule on bipolar patterns, one after the other.
    void trainStorkey(const Matrix& bipolar);

    /// The projection rule on bipolar patterns: replaces the couplings.
    void trainPseudoInverse(const Matrix& bipolar);

    /// Checks the temperature schedule of `options` for `function`.
    static void checkSchedule(const RecallOptions& options, const char* function);

    /// recall() and recallBatch(): checks the cues, then runs the dynamics on every column.
    template <typename Derived>
    BatchRecallResult<Scalar> recallColumns(const Eigen::MatrixBase<Derived>& cues,
                                            const RecallOptions& options, const char* function);

    /// Checks shape and coding of states passed to `function`; returns them as bipolar.
    template <typename Derived>
    Matrix bipolarStates(const Eigen::MatrixBase<Derived>& states, Coding coding,
                         const char* function) const;

    /// What one synchronous sweep did to a cue.
    enum class ColumnOutcome : unsigned char
    {
        Moving,
        FixedPoint,
        TwoCycle
    };

    /**
     * Buffers of synchronous recall, kept between calls and grown to the largest batch seen.
     * Fresh multi-megabyte buffers cost a page fault per 4 KiB page on every call, measured
     * at a quarter of the time of recalling 1,000 cues of 784 units.
     */
    struct SynchronousWorkspace
    {
        Matrix current;
        Matrix previous;
        Matrix next;
    };

    /// Synchronous dynamics on the columns of `states` (bipolar, overwritten in place).
    void runSynchronous(Matrix& states, Eigen::Index maxSweeps,
                        std::vector<RecallStatus>& status, std::vector<Eigen::Index>& sweeps);

    /**
     * Turns the fields in the first `active` columns of `next` into the next states, and
     * classifies each column by comparing it with `current` and, if given, `previous`.
     */
    void applySignRule(Matrix& next, const Matrix& current, const Matrix& previous,
                       Eigen::Index active, bool havePrevious,
                       std::vector<ColumnOutcome>& outcome) const;

    /**
     * Asynchronous dynamics on one bipolar state, deterministic or at the temperatures of
     * options.temperatures, using `fields` and `order` as workspace. The seeds start the
     * engines of the update order and of the stochastic updates.
     */
    template <typename StateType>
    RecallStatus runAsynchronous(StateType&& state, const RecallOptions& options,
                                 std::uint64_t orderSeed, std::uint64_t noiseSeed,
                                 Vector& fields, std::vector<Eigen::Index>& order,
                                 Eigen::Index& sweeps) const;

    /// Whether no unit of `state` would change under the deterministic rule, given its fields.
    template <typename StateType>
    bool isFixedPoint(const StateType& state, const Vector& fields) const;

    /// The sign rule with ties kept: +1 above the threshold, -1 below, unchanged at it.
    static Scalar updatedValue(Scalar field, Scalar threshold, Scalar current)
    {
        if (field > threshold)
            return Scalar(1);
        if (field < threshold)
            return Scalar(-1);
        return current;
    }

    /**
     * The Glauber rule: +1 with probability sigmoid(2h / T), else -1, for the field
     * h = (field - threshold) / N in the units of W and a temperature T > 0.
     */
    static Scalar glauberValue(Scalar field, Scalar threshold, double unitCount,
                               double temperature, Engine& engine);

    Matrix m_couplings;               ///< N W: sum of outer products, zero diagonal
    Vector m_thresholds;              ///< theta
    Vector m_scaledThresholds;        ///< N theta, compared with fields of m_couplings
    Eigen::Index m_patternCount = 0;  ///< patterns stored since the last clear
    Engine m_engine;                  ///< draws the seeds of random update orders
    SynchronousWorkspace m_workspace; ///< reused by synchronous recall
};

} // namespace emergence

#include <emergence/hopfield/hopfield_network_impl.hpp>

#endif // EMERGENCE_HOPFIELD_HOPFIELD_NETWORK_HPP
