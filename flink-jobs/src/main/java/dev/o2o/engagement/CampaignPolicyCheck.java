package dev.o2o.engagement;

import dev.o2o.config.BrandPolicy;
import dev.o2o.config.Catalogue;
import dev.o2o.contract.CampaignDefined;
import dev.o2o.contract.CampaignReport;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Holds every campaign that arrives against the brand policy before it can reach the offer
 * selector: a campaign that breaks a rule is not passed on, so it never produces an offer, and a
 * report on {@link #REPORTS} names each rule it breaks. Accepted campaigns are reported too, so
 * marketing and stores see every verdict.
 */
public final class CampaignPolicyCheck extends ProcessFunction<CampaignDefined, CampaignDefined> {
  public static final OutputTag<CampaignReport> REPORTS =
      new OutputTag<>("campaign-reports", TypeInformation.of(CampaignReport.class));

  private final BrandPolicy policy;
  private final Catalogue catalogue;

  /** Checks against {@code policy}, pricing benefits on the {@code catalogue}'s shelf prices. */
  public CampaignPolicyCheck(BrandPolicy policy, Catalogue catalogue) {
    this.policy = policy;
    this.catalogue = catalogue;
  }

  @Override
  public void processElement(CampaignDefined defined, Context ctx, Collector<CampaignDefined> out) {
    CampaignReport report =
        CampaignReport.of(
            defined.campaign(),
            policy.breachesOf(defined.campaign(), catalogue),
            defined.occurredAt());
    if (report.verdict() == CampaignReport.Verdict.ACCEPTED) {
      out.collect(defined);
    }
    ctx.output(REPORTS, report);
  }
}
