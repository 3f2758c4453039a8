package dev.rolegate.change.api;

import java.util.List;

/**
 * A page of the change feed: {@code GET /v1/accounts/{a}/changes}.
 *
 * @param items the records, in strictly increasing revision order, one per revision
 * @param next  the revision to pass as {@code after} for the following page; null at the head
 * @param head  the account's newest revision when the page was read
 */
public record ChangePage(List<ChangeRecordResponse> items, Long next, long head) {
}
