/** Accounts (tenants): creation from a policy template, the revision counter. */
package dev.rolegate.account;
