/* The saetrack plugin: registers the saetracker element. */
#include "gstsaetracker.h"

static gboolean plugin_init(GstPlugin *plugin) { return GST_ELEMENT_REGISTER(saetracker, plugin); }

#define PACKAGE "saetrack"
GST_PLUGIN_DEFINE(GST_VERSION_MAJOR, GST_VERSION_MINOR, saetrack,
                  "Siamese anchor-free object tracking with multiscale spatial attentions", plugin_init,
                  SAETRACK_VERSION, "MIT/X11", "saetrack", "https://saetrack.invalid")
