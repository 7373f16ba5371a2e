package io.chatrelay.gateway.admin;

/**
 * The 201 body of {@code POST /admin/companies/{slug}/keys}: the only place the key ever appears. {@link #toString()}
 * leaves the key out, so it cannot reach a log by accident.
 *
 * @param companySlug the company
 * @param keyId the key's id, for listing and revoking
 * @param key the API key itself
 */
record IssuedKey(String companySlug, String keyId, String key) {

    @Override
    public String toString() {
        return "IssuedKey[companySlug=" + companySlug + ", keyId=" + keyId + "]";
    }
}
