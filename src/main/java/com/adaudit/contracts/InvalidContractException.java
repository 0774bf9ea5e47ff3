package com.adaudit.contracts;

/** A contract that must not be enforced; the message names the contract and the field. */
public class InvalidContractException extends RuntimeException {

    public InvalidContractException(String contractId, String field, String problem) {
        super("contract " + (contractId == null ? "<no contract_id>" : contractId) + ": field " + field + ": "
                + problem);
    }

    public InvalidContractException(String message) {
        super(message);
    }
}
