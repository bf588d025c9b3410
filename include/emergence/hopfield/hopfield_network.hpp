#ifndef EMERGENCE_HOPFIELD_HOPFIELD_NETWORK_HPP
#define EMERGENCE_HOPFIELD_HOPFIELD_NETWORK_HPP

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
 * Patterns are stored with the Hebbian rule W = (1/N) sum_mu x_mu x_mu' with a zero
 * diagonal, and recalled by sign updates s_i <- sign(h_i) of the local field
 * h = W s - theta. The energy is E(s) = -1/2 s'Ws + theta's.
 *
 * @code
 * emergence::HopfieldNetwork<float> network(784);
 * network.train(patterns);                     // 784 x P, entries -1/+1
 * auto result = network.recall(noisyCue);      // result.state, .status, .sweeps
 * @endcode
 *
 * Conventions:
 * - Patterns and cues are columns: P patterns of N units form an N x P matrix.
 * - A unit whose field is exactly 0 keeps its current value (no bias towards +1 or -1).
 * - Dynamics run on bipolar (-1/+1) states; binary (0/1) data is accepted when the call says
 *   Coding::Binary, converted with s = 2v - 1, and results come back in 0/1.
 *
 * @note The weights are kept as N W, the plain sum of outer products, whose entries are
 *       integers. Local fields of bipolar states are then sums of integers and exact in
 *       floating point while N times the number of stored patterns stays below 2^24
 *       (float) or 2^53 (double): ties are real ties, batch and one-by-one recall agree
 *       bit for bit, and fields kept up to date flip by flip do not drift.
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

    /// The N x N couplings N W: the plain sum of the stored patterns' outer products, with a
    /// zero diagonal (integer-valued after Hebbian training); weights() divides them by N.
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
     * Stores patterns with the Hebbian rule, adding to what is stored already.
     *
     * @param patterns N x P matrix, one pattern per column, in the given coding.
     * @param coding Coding::Bipolar for -1/+1 entries, Coding::Binary for 0/1 entries.
     * @throws std::invalid_argument if the row count is not N or an entry is not in the coding.
     */
    template <typename Derived>
    void train(const Eigen::MatrixBase<Derived>& patterns, Coding coding = Coding::Bipolar);

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
     * @param options update mode, sweep limit and coding.
     * @return the final state (in options.coding), how recall ended and the sweeps used.
     * @throws std::invalid_argument on a wrong shape, an entry not in the coding or
     *         options.maxSweeps < 1.
     * @note UpdateMode::RandomOrder draws one seed from the network's engine per cue, so
     *       two calls in a row use different orders and the same seed repeats them.
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
     * draws its own seed from the network's engine in column order first, so results do
     * not depend on the number of threads.
     *
     * @param cues N x B matrix of starting states in options.coding, one cue per column.
     * @param options update mode, sweep limit and coding.
     * @throws std::invalid_argument on a wrong row count, an entry not in the coding or
     *         options.maxSweeps < 1.
     */
    template <typename Derived>
    BatchRecallResult<Scalar> recallBatch(const Eigen::MatrixBase<Derived>& cues,
                                          const RecallOptions& options = RecallOptions());

private:
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

    /// Asynchronous dynamics on one bipolar state, using `fields` and `order` as workspace.
    template <typename StateType>
    RecallStatus runAsynchronous(StateType&& state, UpdateMode mode, Eigen::Index maxSweeps,
                                 std::uint64_t orderSeed, Vector& fields,
                                 std::vector<Eigen::Index>& order, Eigen::Index& sweeps) const;

    /// The sign rule with ties kept: +1 above the threshold, -1 below, unchanged at it.
    static Scalar updatedValue(Scalar field, Scalar threshold, Scalar current)
    {
        if (field > threshold)
            return Scalar(1);
        if (field < threshold)
            return Scalar(-1);
        return current;
    }

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
