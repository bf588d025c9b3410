// Stores two orthogonal patterns through the installed package and checks that a corrupted
// cue falls back to the first one; exits non-zero if it does not.
#include <emergence/emergence.hpp>

#include <iostream>

int main()
{
    Eigen::MatrixXd patterns(4, 2);
    patterns << 1, 1,
                1, -1,
                -1, 1,
                -1, -1;

    emergence::HopfieldNetwork<double> network(4);
    network.train(patterns);

    Eigen::VectorXd cue = patterns.col(0);
    cue(0) = -cue(0);
    const auto result = network.recall(cue);

    const bool recalled = result.state == patterns.col(0);
    std::cout << "consumer: recall " << (recalled ? "succeeded" : "failed") << '\n';
    return recalled ? 0 : 1;
}
