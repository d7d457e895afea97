/* bench-calib.c — the CPU half of the benchmark's calibration workload: a
 * fixed, single-threaded, compiler-like loop (sorting, hashing and branchy
 * scanning of a cache-sized array, pointer chasing through a working set
 * larger than the caches, small malloc/free churn) whose time says how fast
 * this machine is right now. The regression gate divides timed figures by
 * it, so a slower or busier machine does not read as a regression. The
 * work never changes: changing it invalidates bench/baseline.json.
 *
 *   bench-calib [--reps N]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CALIB_WORDS (1u << 16)  /* 256 KiB of uint32_t: fits in L2 */
#define CALIB_ROUNDS 4
#define CHASE_SLOTS (1u << 19) /* 4 MiB of size_t: past L2 */
#define CHASE_STEPS (1u << 19)
#define CHURN_ALLOCS 100000

typedef struct rep_time {
    double wall_s, cpu_s;
} rep_time;

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint32_t xorshift32(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* FNV-1a over the words' bytes. */
static uint32_t fnv_words(const uint32_t *w, size_t n)
{
    uint32_t h = 2166136261u;
    const unsigned char *p = (const unsigned char *)w;
    for (size_t i = 0; i < n * sizeof *w; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

/* A tokenizer-like scan: classifies each byte and counts runs. */
static uint32_t scan_runs(const uint32_t *w, size_t n)
{
    const unsigned char *p = (const unsigned char *)w;
    uint32_t runs = 0;
    int prev = -1;
    for (size_t i = 0; i < n * sizeof *w; i++) {
        int cls = p[i] < 48 ? 0 : p[i] < 128 ? 1 : p[i] < 200 ? 2 : 3;
        runs += cls != prev;
        prev = cls;
    }
    return runs;
}

/* Follows a single random cycle through CHASE_SLOTS slots (Sattolo's
 * shuffle), like an AST walk over a large heap. */
static uint32_t chase(size_t *slots, uint32_t *state)
{
    for (size_t i = 0; i < CHASE_SLOTS; i++)
        slots[i] = i;
    for (size_t i = CHASE_SLOTS - 1; i > 0; i--) {
        size_t j = xorshift32(state) % i;
        size_t t = slots[i];
        slots[i] = slots[j];
        slots[j] = t;
    }
    size_t at = 0;
    for (size_t i = 0; i < CHASE_STEPS; i++)
        at = slots[at];
    return (uint32_t)at;
}

/* Small allocations of varied sizes, freed in batches of 64. */
static uint32_t churn(uint32_t *state, int *ok)
{
    void *batch[64];
    uint32_t sum = 0;
    for (int i = 0; i < CHURN_ALLOCS && *ok; i += 64) {
        for (int k = 0; k < 64; k++) {
            size_t size = 16 + xorshift32(state) % 240;
            batch[k] = malloc(size);
            if (!batch[k])
                *ok = 0;
            else
                memset(batch[k], k, size);
        }
        for (int k = 0; k < 64; k++) {
            sum += batch[k] ? ((unsigned char *)batch[k])[0] : 0;
            free(batch[k]);
        }
    }
    return sum;
}

/* One repetition of the fixed work. Returns a checksum (printed, so the
 * compiler cannot drop the work), or 0 with *ok = 0 when malloc failed. */
static uint32_t calib_once(int *ok)
{
    uint32_t *w = malloc(CALIB_WORDS * sizeof *w);
    size_t *slots = malloc(CHASE_SLOTS * sizeof *slots);
    if (!w || !slots) {
        free(w);
        free(slots);
        *ok = 0;
        return 0;
    }
    uint32_t state = 2463534242u, sum = 0;
    for (int r = 0; r < CALIB_ROUNDS; r++) {
        for (size_t i = 0; i < CALIB_WORDS; i++)
            w[i] = xorshift32(&state);
        qsort(w, CALIB_WORDS, sizeof *w, cmp_u32);
        sum += fnv_words(w, CALIB_WORDS) ^ scan_runs(w, CALIB_WORDS);
    }
    *ok = 1;
    sum += chase(slots, &state) + churn(&state, ok);
    free(w);
    free(slots);
    return sum;
}

static const char usage[] =
    "Usage: bench-calib [--reps N]\n"
    "Run a fixed CPU-bound workload N times (default 5) on one thread and print one\n"
    "JSON line: reps, best_wall_s, best_cpu_s (the fastest repetition by wall and by\n"
    "thread CPU time), median_wall_s, checksum.\n";

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Runs the reps; fills walls[] (sorted) and the best CPU time. */
static int run_reps(long reps, double *walls, double *best_cpu, uint32_t *checksum)
{
    for (long i = 0; i < reps; i++) {
        double w0 = clock_s(CLOCK_MONOTONIC), c0 = clock_s(CLOCK_THREAD_CPUTIME_ID);
        int ok;
        *checksum = calib_once(&ok);
        if (!ok)
            return -1;
        double cpu = clock_s(CLOCK_THREAD_CPUTIME_ID) - c0;
        walls[i] = clock_s(CLOCK_MONOTONIC) - w0;
        if (i == 0 || cpu < *best_cpu)
            *best_cpu = cpu;
    }
    qsort(walls, (size_t)reps, sizeof *walls, cmp_double);
    return 0;
}

int main(int argc, char **argv)
{
    long reps = 5;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc) {
            reps = strtol(argv[++i], NULL, 10);
        } else {
            int help = strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0;
            fputs(usage, help ? stdout : stderr);
            return help ? 0 : 2;
        }
    }
    if (reps < 1 || reps > 1000) {
        fputs(usage, stderr);
        return 2;
    }
    double *walls = malloc((size_t)reps * sizeof *walls), best_cpu = 0;
    uint32_t checksum = 0;
    if (!walls || run_reps(reps, walls, &best_cpu, &checksum) != 0) {
        fputs("bench-calib: out of memory\n", stderr);
        free(walls);
        return 1;
    }
    printf("{\"reps\": %ld, \"best_wall_s\": %.6f, \"best_cpu_s\": %.6f, "
           "\"median_wall_s\": %.6f, \"checksum\": %u}\n",
           reps, walls[0], best_cpu, walls[reps / 2], (unsigned)checksum);
    free(walls);
    return 0;
}
