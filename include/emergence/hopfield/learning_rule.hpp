#ifndef EMERGENCE_HOPFIELD_LEARNING_RULE_HPP
#define EMERGENCE_HOPFIELD_LEARNING_RULE_HPP

namespace emergence
{

/**
 * How HopfieldNetwork::train() turns patterns into weights. Every rule gives symmetric
 * weights with a zero diagonal and leaves the thresholds alone.
 *
 * - Hebbian (Hopfield 1982): W += (1/N) sum_mu x_mu x_mu'. Adds to what is stored; N W
 *   stays integer-valued, so fields are exact. Random patterns: capacity about 0.138 N.
 * - Storkey (A. Storkey, "Increasing the capacity of a Hopfield network without sacrificing
 *   functionality", ICANN 1997): for each new pattern x, in turn,
 *   w_ij += (1/N) (x_i x_j - x_i h_ji - h_ij x_j) with h_ij = sum_{k != i, j} w_ik x_k.
 *   Incremental and local like Hebb's rule, with a higher capacity (N / sqrt(2 ln N)
 *   against N / (2 ln N) for Hebb's rule, in Storkey's analysis of the absolute capacity);
 *   adds to what is stored, whatever rule stored it.
 * - PseudoInverse, the projection rule (Personnaz, Guyon & Dreyfus, J. Physique Lettres 46,
 *   1985; with the diagonal removed as in Kanter & Sompolinsky, Phys. Rev. A 35, 1987):
 *   W = X X^+ with a zero diagonal, the orthogonal projector onto the span of the patterns.
 *   Every stored pattern is a fixed point, correlated or not, as long as the patterns span
 *   fewer than N dimensions. The projector belongs to the whole set, so this rule replaces
 *   what is stored.
 */
enum class LearningRule
{
    Hebbian,      ///< sum of outer products; accumulates
    Storkey,      ///< Storkey's incremental rule; accumulates
    PseudoInverse ///< projector onto the span of the patterns; replaces what is stored
};

/// The name of a learning rule, for messages and progress lines: "hebbian", "storkey",
/// "pseudo-inverse".
inline const char* learningRuleName(LearningRule rule)
{
    switch (rule)
    {
    case LearningRule::Hebbian:
        return "hebbian";
    case LearningRule::Storkey:
        return "storkey";
    case LearningRule::PseudoInverse:
        return "pseudo-inverse";
    }
    return "unknown";
}

} // namespace emergence

#endif // EMERGENCE_HOPFIELD_LEARNING_RULE_HPP
