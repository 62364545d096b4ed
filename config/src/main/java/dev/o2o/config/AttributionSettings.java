package dev.o2o.config;

import java.io.Serializable;
import java.time.Duration;

/** How far back a campaign touch may earn a store visit: clicks reach further than views. */
public record AttributionSettings(Duration clickWindow, Duration viewWindow)
    implements Serializable {}
