package dev.o2o.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DashboardQueriesTest {
  @Test
  void findsTheMetricsOfAnExpressionButNotItsFunctionsLabelsOrRanges() {
    assertThat(
            DashboardQueries.metricNames(
                "histogram_quantile(0.99, sum by (le, topic) (rate(o2o_end_to_end_latency_seconds_bucket{topic=~\"o2o.(visits|offers)\"}[$__rate_interval])))"))
        .containsExactly("o2o_end_to_end_latency_seconds_bucket");
    assertThat(
            DashboardQueries.metricNames(
                "sum by (route) (rate(o2o_http_requests_seconds_sum[5m])) / sum without (status) (rate(o2o_http_requests_seconds_count[5m]))"))
        .containsExactly("o2o_http_requests_seconds_count", "o2o_http_requests_seconds_sum");
    assertThat(
            DashboardQueries.metricNames(
                "max by (job_name) (flink_jobmanager_job_numRestarts) > 0"))
        .containsExactly("flink_jobmanager_job_numRestarts");
  }
}
