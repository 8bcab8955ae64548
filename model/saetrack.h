// Umbrella header of the saetrack model library.
#pragma once
#include "config.h"
#include "geometry.h"
#include "losses.h"
#include "network.h"
#include "runtime.h"
#include "tracker.h"
#include "weights_io.h"
#include "flops.h"
#include "tunables.h"
#include "tracker_factory.h"
#include "multi_target_tracker.h"
#include "process_memory.h"
