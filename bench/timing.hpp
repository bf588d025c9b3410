// Timing helpers shared by the benchmark programs.
#ifndef EMERGENCE_BENCH_TIMING_HPP
#define EMERGENCE_BENCH_TIMING_HPP

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <vector>

namespace emergence::bench
{

using Clock = std::chrono::steady_clock;

/** Seconds from `start` until now. */
inline double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

/** Seconds per call of `work`, called repeatedly for at least `minSeconds`. */
template <typename Work>
double secondsPerCall(Work&& work, double minSeconds)
{
    long calls = 0;
    double elapsed = 0;
    const Clock::time_point start = Clock::now();
    do
    {
        work();
        ++calls;
        elapsed = secondsSince(start);
    } while (elapsed < minSeconds);
    return elapsed / static_cast<double>(calls);
}

/** Median of a non-empty list of values. */
inline double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const std::size_t middle = values.size() / 2;
    return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

} // namespace emergence::bench

#endif // EMERGENCE_BENCH_TIMING_HPP
