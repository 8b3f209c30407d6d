// The runtime's thread pool: every index exactly once, in contiguous chunks of at most
// ceil(n / 4N), none empty; chunks go to whichever thread is free; nested loops run serially.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

extern "C" {
#include "platform.h"
#include "thread_pool.h"
}

namespace {

struct Record {
    std::vector<std::atomic<int>> hits;
    std::mutex lock;
    std::vector<std::pair<int64_t, int64_t>> ranges;
    std::vector<std::thread::id> threads;
    explicit Record(int64_t n) : hits(static_cast<std::size_t>(n)) {}
};

void record(void* closure, int64_t begin, int64_t end) {
    auto* r = static_cast<Record*>(closure);
    for (int64_t i = begin; i < end; ++i) r->hits[static_cast<std::size_t>(i)]++;
    std::lock_guard<std::mutex> g(r->lock);
    r->ranges.emplace_back(begin, end);
    r->threads.push_back(std::this_thread::get_id());
}

struct Nested {
    neo_pool* pool;
    std::atomic<int> calls{0};
    std::atomic<int> whole{0};
    std::atomic<int> outer_ranges{0};
};

void inner(void* closure, int64_t begin, int64_t end) {
    auto* n = static_cast<Nested*>(closure);
    n->calls++;
    if (begin == 0 && end == 50) n->whole++;
}

void outer(void* closure, int64_t begin, int64_t end) {
    auto* n = static_cast<Nested*>(closure);
    n->outer_ranges++;
    for (int64_t i = begin; i < end; ++i) neo_pool_parallel_for(n->pool, 50, inner, n);
}

}  // namespace

TEST_CASE("parallel_for covers every index exactly once in contiguous ranges") {
    for (int threads : {1, 2, 3, 4, 8}) {
        neo_pool* pool = neo_pool_create(threads);
        REQUIRE(pool);
        CHECK(neo_pool_threads(pool) == threads);
        for (int64_t n : {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 63, 64, 100, 1000, 4097, 100003}) {
            CAPTURE(threads);
            CAPTURE(n);
            Record r(n);
            neo_pool_parallel_for(pool, n, record, &r);
            bool once = std::all_of(r.hits.begin(), r.hits.end(), [](const std::atomic<int>& h) { return h == 1; });
            CHECK(once);
            std::sort(r.ranges.begin(), r.ranges.end());
            int64_t next = 0;
            for (auto [b, e] : r.ranges) {
                CHECK(b == next);
                CHECK(e > b);
                next = e;
            }
            CHECK(next == n);
            // Chunks of the same size but the last, about 16 per thread.
            const int64_t chunks = 16 * threads, grain = threads == 1 || n < chunks ? 1 : (n + chunks - 1) / chunks;
            if (threads > 1 && n > 1)
                for (std::size_t i = 0; i + 1 < r.ranges.size(); ++i) CHECK(r.ranges[i].second - r.ranges[i].first == grain);
            std::vector<std::thread::id> ids = r.threads;
            std::sort(ids.begin(), ids.end());
            CHECK(std::unique(ids.begin(), ids.end()) - ids.begin() <= threads);
        }
        neo_pool_destroy(pool);
    }
    neo_pool_destroy(nullptr);
    CHECK(neo_pool_create(0) == nullptr);
    CHECK(neo_online_cpus() >= 1);
}

TEST_CASE("a parallel_for inside a task runs serially on the task's thread") {
    neo_pool* pool = neo_pool_create(4);
    REQUIRE(pool);
    Nested n;
    n.pool = pool;
    neo_pool_parallel_for(pool, 8, outer, &n);
    CHECK(n.outer_ranges == 8);  // 8 indices, 4 threads: chunks of one
    CHECK(n.calls == 8);         // one call of the whole range per outer index
    CHECK(n.whole == 8);
    // The pool still works afterwards.
    Record r(10);
    neo_pool_parallel_for(pool, 10, record, &r);
    CHECK(r.ranges.size() == 10);
    neo_pool_destroy(pool);
}

TEST_CASE("a thread held up by a slow index leaves the other indices to the free threads") {
    neo_pool* pool = neo_pool_create(2);
    REQUIRE(pool);
    struct Slow {
        std::mutex lock;
        std::vector<std::pair<int64_t, std::thread::id>> by;
    } s;
    auto task = [](void* c, int64_t b, int64_t e) {
        auto* s = static_cast<Slow*>(c);
        if (b == 0) std::this_thread::sleep_for(std::chrono::milliseconds(300));
        std::lock_guard<std::mutex> g(s->lock);
        for (int64_t i = b; i < e; ++i) s->by.emplace_back(i, std::this_thread::get_id());
    };
    neo_pool_parallel_for(pool, 8, task, &s);
    REQUIRE(s.by.size() == 8);
    std::sort(s.by.begin(), s.by.end());
    // Statically split, the slow thread would also have run indices 1..3.
    for (int64_t i = 1; i < 8; ++i) CHECK(s.by[static_cast<std::size_t>(i)].second != s.by[0].second);
    neo_pool_destroy(pool);
}

TEST_CASE("many short jobs in a row and callers from several threads") {
    neo_pool* pool = neo_pool_create(3);
    REQUIRE(pool);
    std::atomic<int64_t> total{0};
    auto add = [](void* c, int64_t b, int64_t e) { *static_cast<std::atomic<int64_t>*>(c) += e - b; };
    for (int i = 0; i < 2000; ++i) neo_pool_parallel_for(pool, 1 + i % 5, add, &total);
    int64_t want = 0;
    for (int i = 0; i < 2000; ++i) want += 1 + i % 5;
    CHECK(total == want);
    total = 0;
    std::vector<std::thread> callers;
    for (int t = 0; t < 3; ++t)
        callers.emplace_back([&] {
            for (int i = 0; i < 200; ++i) neo_pool_parallel_for(pool, 7, add, &total);
        });
    for (auto& c : callers) c.join();
    CHECK(total == 3 * 200 * 7);
    neo_pool_destroy(pool);
}

TEST_CASE("waking a sleeping pool: every worker takes part, then a job still covers each index once") {
    for (int threads : {1, 2, 3}) {
        CAPTURE(threads);
        neo_pool* pool = neo_pool_create(threads);
        REQUIRE(pool);
        // Idle long enough for the workers to go to sleep, then woken. Under a loaded machine
        // one wait may run out (0); five in a row may not.
        int woken = 0;
        for (int attempt = 0; attempt < 5 && !woken; ++attempt) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            woken = neo_pool_wake(pool);
            CHECK((woken == 0 || woken == 1));
        }
        CHECK(woken == 1);
        Record r(64);
        neo_pool_parallel_for(pool, 64, record, &r);
        CHECK(std::all_of(r.hits.begin(), r.hits.end(), [](const std::atomic<int>& h) { return h == 1; }));
        neo_pool_destroy(pool);
    }
    CHECK(neo_pool_wake(nullptr) == 1);
}
