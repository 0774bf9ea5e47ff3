package com.adaudit.contracts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A consistent set of contracts, looked up by campaign; no campaign has two contracts. */
public final class ContractBook implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private final List<Contract> contracts;
    private final Map<String, Contract> byCampaign;
    private final Map<String, Contract> byId;

    private ContractBook(List<Contract> contracts, Map<String, Contract> byCampaign, Map<String, Contract> byId) {
        this.contracts = contracts;
        this.byCampaign = byCampaign;
        this.byId = byId;
    }

    /** Checks that ids and campaigns are unique across the contracts. */
    public static ContractBook of(Collection<Contract> contracts) {
        Map<String, Contract> byId = new HashMap<>();
        Map<String, Contract> byCampaign = new HashMap<>();
        for (Contract c : contracts) {
            if (byId.putIfAbsent(c.contractId(), c) != null) {
                throw new InvalidContractException(c.contractId(), "contract_id", "appears twice");
            }
            for (String campaign : c.campaignIds()) {
                Contract other = byCampaign.putIfAbsent(campaign, c);
                if (other != null) {
                    throw new InvalidContractException(
                            c.contractId(),
                            "campaign_ids",
                            "campaign " + campaign + " is already governed by contract " + other.contractId());
                }
            }
        }
        List<Contract> sorted = new ArrayList<>(contracts);
        sorted.sort(Comparator.comparing(Contract::contractId));
        return new ContractBook(List.copyOf(sorted), byCampaign, byId);
    }

    /** This book with {@code update} in place of its contract's older version. */
    public ContractBook with(Contract update) {
        List<Contract> next = new ArrayList<>(contracts);
        next.removeIf(c -> c.contractId().equals(update.contractId()));
        next.add(update);
        return of(next);
    }

    /** The contract governing the campaign, or {@code null}. */
    public Contract forCampaign(String campaignId) {
        return byCampaign.get(campaignId);
    }

    public Contract byId(String contractId) {
        return byId.get(contractId);
    }

    /** All contracts, sorted by id. */
    public List<Contract> all() {
        return contracts;
    }
}
