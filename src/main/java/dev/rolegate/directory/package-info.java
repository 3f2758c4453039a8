/** Users, groups and group memberships of an account. */
package dev.rolegate.directory;
