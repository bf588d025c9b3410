// Measures how many random patterns a Hopfield network stores with each learning rule:
// for loads P/N from 0.02 to 0.30 it stores P random -1/+1 patterns of N = 1000 units,
// recalls each from its stored pattern (or from a noisy copy with --noise), and writes the
// fraction recalled exactly and the mean final overlap to a CSV file, then plots them with
// gnuplot when it is installed, marking the theoretical limits 0.138 N (Hebbian) and
// N / sqrt(2 ln N) (Storkey). Run with --help for the options.
#include <emergence/emergence.hpp>

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace
{

struct SweepOptions
{
    Eigen::Index units = 1000;
    double firstLoad = 0.02;
    double lastLoad = 0.30;
    double loadStep = 0.02;
    std::vector<emergence::LearningRule> rules = {emergence::LearningRule::Hebbian,
                                                  emergence::LearningRule::Storkey,
                                                  emergence::LearningRule::PseudoInverse};
    double noise = 0.0;
    Eigen::Index trials = 1;
    std::uint64_t seed = 1;
    std::string outputFolder = ".";
};

/** The loads first, first + step, ... up to last (allowing for rounding at the end). */
std::vector<double> loadGrid(const SweepOptions& options)
{
    std::vector<double> loads;
    for (double load = options.firstLoad; load <= options.lastLoad + 1e-9;
         load = options.firstLoad + options.loadStep * double(loads.size()))
        loads.push_back(load);
    return loads;
}

/** A path as a gnuplot string in single quotes, where a quote is written twice. */
std::string quoted(const std::filesystem::path& path)
{
    std::string text = "'";
    for (const char c : path.string())
        text += c == '\'' ? std::string("''") : std::string(1, c);
    return text + "'";
}

/** The gnuplot script that draws the two panels from the CSV file. */
std::string plotScript(const std::filesystem::path& csv, const std::filesystem::path& png,
                       const SweepOptions& options, double hebbianLimit, double storkeyLimit)
{
    std::ostringstream out;
    out << "set datafile separator ','\n"
        << "set terminal pngcairo size 1200,500 font 'sans,11'\n"
        << "set output " << quoted(png) << "\n"
        << "set multiplot layout 1,2 title 'Hopfield capacity, N = " << options.units
        << " random patterns, cues with " << options.noise * 100 << "% flipped'\n"
        << "set xlabel 'load P/N'\nset grid\nset key bottom left\n"
        << "set xrange [0:" << options.lastLoad + options.loadStep << "]\n"
        << "set yrange [-0.05:1.05]\n"
        << "set arrow 1 from " << hebbianLimit << ",-0.05 to " << hebbianLimit
        << ",1.05 nohead dt 2 lc rgb 'gray40'\n"
        << "set label 1 '0.138 N' at " << hebbianLimit + 0.003 << ",0.55 tc rgb 'gray30'\n"
        << "set arrow 2 from " << storkeyLimit << ",-0.05 to " << storkeyLimit
        << ",1.05 nohead dt 3 lc rgb 'gray40'\n"
        << "set label 2 'N/sqrt(2 ln N)' right at " << storkeyLimit - 0.003
        << ",0.45 tc rgb 'gray30'\n";
    const char* panels[][2] = {{"mean final overlap", "5"}, {"fraction recalled exactly", "4"}};
    for (const auto& panel : panels)
    {
        out << "set ylabel '" << panel[0] << "'\nplot ";
        for (std::size_t k = 0; k < options.rules.size(); ++k)
        {
            const char* name = emergence::learningRuleName(options.rules[k]);
            out << (k == 0 ? "" : ", ") << quoted(csv) << " using 2:(strcol(1) eq '"
                << name << "' ? $" << panel[1] << " : NaN) with linespoints lw 2 pt 7 title '"
                << name << "'";
        }
        out << "\n";
    }
    out << "unset multiplot\n";
    return out.str();
}

int run(const SweepOptions& options)
{
    const std::vector<double> loads = loadGrid(options);
    const double n = double(options.units);
    const double hebbianLimit = 0.138;
    const double storkeyLimit = 1.0 / std::sqrt(2.0 * std::log(n));
    std::cout << "Capacity of a Hopfield network of " << options.units << " units, "
              << loads.size() << " loads from " << loads.front() << " to " << loads.back()
              << ", cue noise " << options.noise << ", " << options.trials
              << " trial(s) per load, seed " << options.seed << "\nlimits: Hebbian 0.138 N = "
              << std::lround(hebbianLimit * n) << " patterns, Storkey N / sqrt(2 ln N) = "
              << std::lround(storkeyLimit * n) << " patterns\n";

    // One sweep per rule, each from the same seed, so the rules see the same patterns.
    const std::filesystem::path folder(options.outputFolder);
    const std::filesystem::path csv = folder / "capacity.csv";
    std::ostringstream table;
    table << "rule,load,patterns,recalled_fraction,mean_overlap,seconds\n";
    for (const emergence::LearningRule rule : options.rules)
    {
        emergence::CapacityOptions capacity;
        capacity.rule = rule;
        capacity.cueNoise = options.noise;
        capacity.trials = options.trials;
        std::mt19937_64 engine(options.seed);
        const auto points = emergence::capacitySweep<float>(options.units, loads, capacity,
                                                            engine);

        double seconds = 0.0;
        std::cout << emergence::learningRuleName(rule) << ":\n";
        for (const emergence::CapacityPoint& point : points)
        {
            std::cout << std::fixed << std::setprecision(2) << "  load " << point.load << " ("
                      << point.patterns << " patterns): recalled " << std::setprecision(3)
                      << point.recalledFraction << ", mean overlap " << std::setprecision(4)
                      << point.meanOverlap << "\n";
            table << emergence::learningRuleName(rule) << "," << point.load << ","
                  << point.patterns << "," << point.recalledFraction << "," << point.meanOverlap
                  << "," << point.seconds << "\n";
            seconds += point.seconds;
        }
        std::cout << "  " << std::setprecision(2) << seconds << " s\n";
    }

    // The CSV always; the figure when gnuplot is there to draw it.
    {
        std::ofstream out(csv);
        out << table.str();
        if (!out)
            throw std::runtime_error("could not write " + csv.string());
    }
    std::cout << "wrote " << csv.string() << "\n";
    if (std::system("gnuplot --version > /dev/null 2>&1") != 0)
    {
        std::cout << "gnuplot is not installed (Debian package gnuplot-nox), so no figure\n";
        return 0;
    }
    // The script goes to gnuplot's standard input, so no path ever passes through a shell.
    const std::filesystem::path png = folder / "capacity.png";
    const std::string script = plotScript(csv, png, options, hebbianLimit, storkeyLimit);
    FILE* gnuplot = popen("gnuplot", "w");
    if (gnuplot == nullptr)
        throw std::runtime_error("could not start gnuplot");
    const bool written = std::fwrite(script.data(), 1, script.size(), gnuplot) == script.size();
    if (pclose(gnuplot) != 0 || !written)
        throw std::runtime_error("gnuplot failed to draw " + png.string());
    std::cout << "wrote " << png.string() << "\n";
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    SweepOptions options;
    CLI::App app("Capacity of a Hopfield network against load, for each learning rule.",
                 "capacity");
    app.add_option("--units", options.units, "Units N")
        ->check(CLI::Range(Eigen::Index(10), Eigen::Index(20000)))
        ->capture_default_str();
    app.add_option("--first-load", options.firstLoad, "Smallest load P/N")
        ->check(CLI::Range(1e-6, 1.0))
        ->capture_default_str();
    app.add_option("--last-load", options.lastLoad, "Largest load P/N")
        ->check(CLI::Range(1e-6, 1.0))
        ->capture_default_str();
    app.add_option("--load-step", options.loadStep, "Spacing of the loads")
        ->check(CLI::Range(1e-4, 1.0))
        ->capture_default_str();
    const std::map<std::string, emergence::LearningRule> ruleNames = {
        {"hebbian", emergence::LearningRule::Hebbian},
        {"storkey", emergence::LearningRule::Storkey},
        {"pseudo-inverse", emergence::LearningRule::PseudoInverse}};
    app.add_option("--rules", options.rules, "Learning rules to compare")
        ->transform(CLI::CheckedTransformer(ruleNames, CLI::ignore_case));
    app.add_option("--noise", options.noise,
                   "Fraction of each pattern flipped to make its cue (0: start at the pattern)")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    app.add_option("--trials", options.trials, "Fresh pattern sets per load")
        ->check(CLI::Range(Eigen::Index(1), Eigen::Index(1000)))
        ->capture_default_str();
    app.add_option("--seed", options.seed, "Seed of patterns and cues")->capture_default_str();
    app.add_option("--out-dir", options.outputFolder, "Folder for capacity.csv and .png")
        ->check(CLI::ExistingDirectory)
        ->capture_default_str();
    app.failure_message(CLI::FailureMessage::help);
    CLI11_PARSE(app, argc, argv);

    // CLI11's range checks let NaN through.
    if (!(std::isfinite(options.firstLoad) && std::isfinite(options.lastLoad) &&
          std::isfinite(options.loadStep) && std::isfinite(options.noise)))
    {
        std::cerr << "capacity: --first-load, --last-load, --load-step and --noise must be "
                     "numbers\n";
        return 2;
    }
    if (options.lastLoad < options.firstLoad)
    {
        std::cerr << "capacity: --last-load " << options.lastLoad << " is below --first-load "
                  << options.firstLoad << "\n";
        return 2;
    }

    try
    {
        return run(options);
    }
    catch (const std::exception& error)
    {
        std::cerr << "capacity: " << error.what() << "\n";
        return 1;
    }
}
