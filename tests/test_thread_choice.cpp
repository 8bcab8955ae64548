// ThreadChoice against frame costs of known machines: it keeps the faster thread count, prefers
// fewer threads when the gain is small, and chooses again when the load changes.
#include <gtest/gtest.h>

#include <sched.h>

#include <algorithm>
#include <functional>

#include "runtime.h"
#include "thread_choice.h"

using namespace saetrack;

// Runs `frames` frames whose cost is cost(threads, frame) and returns the thread counts used.
static std::vector<int> run(ThreadChoice &c, int frames, const std::function<double(int, int)> &cost, int first = 0) {
  std::vector<int> used;
  for (int f = first; f < first + frames; ++f) {
    used.push_back(c.threads());
    c.measured(cost(used.back(), f));
  }
  return used;
}

TEST(ThreadChoice, KeepsTwoThreadsOnAnIdleMachine) {
  ThreadChoice c({1, 2});
  run(c, 10, [](int t, int) { return t == 1 ? 26.0 : 15.0; });  // docs/performance.md's idle figures
  ASSERT_TRUE(c.settled());
  EXPECT_EQ(c.threads(), 2);
  EXPECT_EQ(c.summary(), "2 threads (15.0 ms; 1: 26.0 ms)");
}

TEST(ThreadChoice, KeepsOneThreadWhenACoreIsBusy) {
  ThreadChoice c({1, 2});
  run(c, 10, [](int t, int) { return t == 1 ? 34.0 : 55.0; });  // a core taken by another process
  ASSERT_TRUE(c.settled());
  EXPECT_EQ(c.threads(), 1);
}

TEST(ThreadChoice, PrefersFewerThreadsForASmallGain) {
  ThreadChoice c({1, 2});
  run(c, 10, [](int t, int) { return t == 1 ? 10.5 : 10.0; });
  EXPECT_EQ(c.threads(), 1);
}

TEST(ThreadChoice, KeepsOneThreadThatKeepsUpWithALiveSource) {
  ThreadChoice c({1, 2});
  c.set_enough_ms(22.2);  // a 30 fps live source: 33.3 ms a frame, half a step to spare
  run(c, 10, [](int t, int) { return t == 1 ? 16.0 : 11.0; });
  ASSERT_TRUE(c.settled());
  EXPECT_EQ(c.threads(), 1);
  // Kept past the recheck (300 frames) while it keeps up: no trial frames on two threads.
  auto kept = run(c, 400, [](int t, int) { return t == 1 ? 16.0 : 11.0; }, 10);
  EXPECT_EQ(std::count(kept.begin(), kept.end(), 2), 0);
  // Once one thread no longer keeps up, the recheck tries both again.
  auto slowed = run(c, 400, [](int t, int) { return t == 1 ? 30.0 : 11.0; }, 410);
  EXPECT_GT(std::count(slowed.begin(), slowed.end(), 2), 0);
  // One thread too slow for the frame rate: the faster count, as without the bound.
  ThreadChoice slow({1, 2});
  slow.set_enough_ms(11.1);  // 60 fps
  run(slow, 10, [](int t, int) { return t == 1 ? 16.0 : 11.0; });
  EXPECT_EQ(slow.threads(), 2);
}

TEST(ThreadChoice, OneOutlierFrameDoesNotDecide) {
  ThreadChoice c({1, 2});
  // The 2-thread turns are faster except one frame stalled by a page fault storm.
  run(c, 10, [](int t, int f) { return t == 1 ? 26.0 : (f == 5 ? 200.0 : 15.0); });
  EXPECT_EQ(c.threads(), 2);
}

TEST(ThreadChoice, ChoosesAgainWhenTheMachineGetsBusy) {
  ThreadChoice c({1, 2}, 4, 300);
  auto idle = [](int t, int) { return t == 1 ? 26.0 : 15.0; };
  auto busy = [](int t, int) { return t == 1 ? 34.0 : 55.0; };
  run(c, 10, idle);
  ASSERT_EQ(c.threads(), 2);
  // Load arrives: the 2-thread frames take 55 ms; within a few frames it tries again and keeps 1.
  auto used = run(c, 20, busy);
  EXPECT_EQ(used.back(), 1);
  EXPECT_EQ(c.threads(), 1);
  EXPECT_LT(std::count(used.begin(), used.end(), 2), 12);
}

TEST(ThreadChoice, RechecksAfterAWhileAndFindsTheIdleMachine) {
  ThreadChoice c({1, 2}, 4, 100);
  run(c, 10, [](int t, int) { return t == 1 ? 34.0 : 55.0; });
  ASSERT_EQ(c.threads(), 1);
  // The other process ends: one thread is no slower than promised, so only the periodic recheck finds 2.
  auto used = run(c, 150, [](int t, int) { return t == 1 ? 26.0 : 15.0; });
  EXPECT_EQ(used[50], 1);
  EXPECT_EQ(used.back(), 2);
}

TEST(ThreadChoice, SlowFramesOnOneThreadWaitForTheRecheck) {
  ThreadChoice c({1, 2}, 4, 100);
  run(c, 10, [](int t, int) { return t == 1 ? 34.0 : 55.0; });
  ASSERT_EQ(c.threads(), 1);
  // A heavier load slows one thread too: two threads would be slower still, so no trial until the recheck.
  auto used = run(c, 90, [](int t, int) { return t == 1 ? 60.0 : 110.0; });
  EXPECT_EQ(std::count(used.begin(), used.end(), 2), 0);
}

TEST(ThreadChoice, RestartTriesEveryCandidateAgain) {
  ThreadChoice c({1, 2});
  run(c, 10, [](int t, int) { return t == 1 ? 26.0 : 15.0; });
  c.restart();
  EXPECT_FALSE(c.settled());
  auto used = run(c, 10, [](int t, int) { return t == 1 ? 26.0 : 15.0; });
  EXPECT_EQ(std::count(used.begin(), used.end(), 1), 5);
  EXPECT_EQ(c.threads(), 2);
}

TEST(ThreadChoice, OneCandidateIsAlwaysChosen) {
  ThreadChoice c({1});
  EXPECT_TRUE(c.settled());
  run(c, 5, [](int, int) { return 10.0; });
  EXPECT_EQ(c.threads(), 1);
  EXPECT_THROW(ThreadChoice({}), std::invalid_argument);
}

// The element's candidates are 1 and cpu_cores(): the cores this process may run on, so a pipeline
// pinned to one core (taskset, a cpuset container) does not try threads it cannot have.
TEST(ThreadChoice, CoresAreThoseTheProcessMayRunOn) {
  cpu_set_t all, one;
  ASSERT_EQ(sched_getaffinity(0, sizeof all, &all), 0);
  EXPECT_EQ(cpu_cores(), CPU_COUNT(&all));
  CPU_ZERO(&one);
  for (int c = 0; c < CPU_SETSIZE; ++c)
    if (CPU_ISSET(c, &all)) {
      CPU_SET(c, &one);
      break;
    }
  ASSERT_EQ(sched_setaffinity(0, sizeof one, &one), 0);
  EXPECT_EQ(cpu_cores(), 1);
  ASSERT_EQ(sched_setaffinity(0, sizeof all, &all), 0);
}
