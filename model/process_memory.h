// This process's memory, as the benchmarks, the soak and the memory tests read it.
#pragma once

namespace saetrack {

// Resident set size now (/proc/self/statm), MB. It also holds freed pages malloc keeps.
double resident_mb();
// Largest resident set size so far (getrusage ru_maxrss), MB.
double peak_resident_mb();
// Bytes malloc has handed out and not had back (mallinfo2: arenas + mmapped blocks), MB: what a
// leak grows, unlike the resident size.
double heap_in_use_mb();

}  // namespace saetrack
