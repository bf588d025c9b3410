#ifndef EMERGENCE_HOPFIELD_INTERACTION_HPP
#define EMERGENCE_HOPFIELD_INTERACTION_HPP

#include <emergence/detail/error.hpp>

#include <stdexcept>

namespace emergence
{

/**
 * The interaction function F of a dense associative memory, whose energy is
 * E(s) = -sum_mu F(x_mu . s).
 *
 * - polynomial(n): F(z) = z^n, the form of Krotov & Hopfield's capacity analysis ("Dense
 *   Associative Memory for Pattern Recognition", NIPS 2016, section 2). For even n a
 *   pattern and its negative are equally stable, as in the classical network, which is
 *   the case n = 2.
 * - rectifiedPolynomial(n): F(z) = z^n for z > 0 and 0 otherwise, the rectified
 *   polynomials of Krotov & Hopfield's pattern-recognition experiments: only patterns the
 *   state agrees with more than it disagrees with attract it.
 * - exponential(): F(z) = e^z (Demircigil, Heusel, Löwe, Upgang & Vermet, "On a model of
 *   associative memory with huge storage capacity", J. Stat. Phys. 2017).
 *
 * @code
 * emergence::DenseAssociativeMemory<float> memory(patterns, emergence::Interaction::polynomial(3));
 * @endcode
 */
class Interaction
{
public:
    /// The family of F.
    enum class Kind
    {
        Polynomial,          ///< F(z) = z^n
        RectifiedPolynomial, ///< F(z) = z^n for z > 0, else 0
        Exponential          ///< F(z) = e^z
    };

    /**
     * The highest polynomial degree accepted. Before taking powers the memory divides the
     * overlaps by a power of two that leaves the largest one at least 1/6 (in double), so
     * the largest term stays above 6^-n, a normal double up to degree 395.
     */
    static constexpr int MaxDegree = 300;

    /**
     * F(z) = z^n.
     * @param degree n, from 2 to MaxDegree.
     * @throws std::invalid_argument if degree is outside that range.
     */
    static Interaction polynomial(int degree)
    {
        return Interaction(Kind::Polynomial, checkedDegree(degree, "Interaction::polynomial"));
    }

    /**
     * F(z) = z^n for z > 0, 0 otherwise.
     * @param degree n, from 2 to MaxDegree.
     * @throws std::invalid_argument if degree is outside that range.
     */
    static Interaction rectifiedPolynomial(int degree)
    {
        return Interaction(Kind::RectifiedPolynomial,
                           checkedDegree(degree, "Interaction::rectifiedPolynomial"));
    }

    /// F(z) = e^z.
    static Interaction exponential() { return Interaction(Kind::Exponential, 0); }

    /// The family of F.
    Kind kind() const { return m_kind; }

    /// The degree n of a polynomial; 0 for the exponential.
    int degree() const { return m_degree; }

private:
    Interaction(Kind kind, int degree) : m_kind(kind), m_degree(degree) {}

    static int checkedDegree(int degree, const char* function)
    {
        if (degree < 2 || degree > MaxDegree)
            throw std::invalid_argument(detail::message(
                function, ": degree is ", degree, ", expected a value in [2, ", MaxDegree, "]"));
        return degree;
    }

    Kind m_kind;
    int m_degree;
};

/// The name of an interaction family, for messages and progress lines: "polynomial",
/// "rectified polynomial" or "exponential".
inline const char* interactionName(Interaction::Kind kind)
{
    switch (kind)
    {
    case Interaction::Kind::Polynomial:
        return "polynomial";
    case Interaction::Kind::RectifiedPolynomial:
        return "rectified polynomial";
    case Interaction::Kind::Exponential:
        return "exponential";
    }
    return "unknown";
}

} // namespace emergence

#endif // EMERGENCE_HOPFIELD_INTERACTION_HPP
