package dev.rolegate.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rules of STYLE.md, enforced. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.rolegate");
    }

    @Test
    void theEngineIsPureJava() {
        classes().that().resideInAPackage("dev.rolegate.engine..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.rolegate.engine..")
                .check(classes);
    }

    @Test
    void thePolicyPackageDependsOnlyOnTheEngineAndSnakeYaml() {
        // policy.cli is the command-line adapter over it (picocli, Jackson); nothing in policy uses it
        classes().that().resideInAPackage("dev.rolegate.policy..")
                .and().resideOutsideOfPackage("dev.rolegate.policy.cli..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.rolegate.engine..",
                        "dev.rolegate.policy..", "org.yaml.snakeyaml..")
                .check(classes);
    }

    @Test
    void picocliStaysInsideThePolicyCommandLine() {
        noClasses().that().resideOutsideOfPackage("dev.rolegate.policy.cli..")
                .and().doNotHaveFullyQualifiedName("dev.rolegate.platform.local.RolegateMain")
                .should().dependOnClassesThat().resideInAnyPackage("picocli..", "dev.rolegate.policy.cli..")
                .check(classes);
    }

    @Test
    void openSamlStaysInsideSsoSaml() {
        noClasses().that().resideOutsideOfPackage("dev.rolegate.sso.saml..")
                .should().dependOnClassesThat().resideInAnyPackage("org.opensaml..", "net.shibboleth..")
                .check(classes);
    }

    @Test
    void theFeatureSlicesAreFreeOfCycles() {
        // issue 12 item 3: engine, policy, platform, token, audit, change, check, admin, access,
        // directory, account, sso, ldap, ldapsync, transfer; each depends only on those before it
        com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices().matching("dev.rolegate.(*)..")
                .should().beFreeOfCycles()
                .check(classes);
    }

    @Test
    void aFeaturesStoreIsUsedOnlyByThatFeature() {
        // issue 12 item 3: the entities and finders of dev.rolegate.<feature>.store stay inside <feature>
        classes().that().resideInAPackage("dev.rolegate.*.store..")
                .should(new com.tngtech.archunit.lang.ArchCondition<com.tngtech.archunit.core.domain.JavaClass>(
                        "be used only by their own feature") {
                    @Override
                    public void check(com.tngtech.archunit.core.domain.JavaClass store,
                                      com.tngtech.archunit.lang.ConditionEvents events) {
                        String feature = feature(store);
                        for (com.tngtech.archunit.core.domain.Dependency d : store.getDirectDependenciesToSelf()) {
                            if (!feature.equals(feature(d.getOriginClass()))) {
                                events.add(com.tngtech.archunit.lang.SimpleConditionEvent.violated(d, d.getDescription()));
                            }
                        }
                    }
                })
                .check(classes);
    }

    /** The feature a class belongs to: the package segment after {@code dev.rolegate}. */
    private static String feature(com.tngtech.archunit.core.domain.JavaClass c) {
        String[] parts = c.getPackageName().split("\\.");
        return parts.length > 2 ? parts[2] : "";
    }

    @Test
    void unboundIdStaysInsideTheLdapAdapter() {
        noClasses().that().resideOutsideOfPackage("dev.rolegate.ldap.unboundid..")
                .should().dependOnClassesThat().resideInAnyPackage("com.unboundid.ldap..")
                .check(classes);
    }

    @Test
    void theScimSdkStaysInsideScim() {
        noClasses().that().resideOutsideOfPackage("dev.rolegate.scim..")
                .should().dependOnClassesThat().resideInAnyPackage("com.unboundid.scim2..")
                .check(classes);
    }

    @Test
    void onlyTheUnitOfWorkWritesAuditRowsAndChangeRecords() {
        // issue 12 item 1: one write path; every writer records change items on a change.Work
        noClasses().that().doNotHaveFullyQualifiedName("dev.rolegate.change.UnitOfWork")
                .should().callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                        com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner(
                                com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf(
                                        dev.rolegate.audit.AuditLog.class, dev.rolegate.change.store.ChangeRecords.class)))
                        .and(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                                com.tngtech.archunit.core.domain.properties.HasName.Predicates.name("append"))))
                .check(classes);
    }

    @Test
    void onlyTheUnitOfWorkBumpsARevisionOrInsertsAuditRows() throws java.io.IOException {
        // SQL is text to ArchUnit: read the sources for the statements themselves
        java.util.regex.Pattern writes = java.util.regex.Pattern.compile(
                "(?i)SET\\s+revision\\s*=|INSERT\\s+INTO\\s+(audit_log|change_record)\\b|UPDATE\\s+(audit_log|change_record)\\b");
        java.nio.file.Path root = java.nio.file.Path.of("src/main/java");
        java.util.List<String> offenders;
        try (var files = java.nio.file.Files.walk(root)) {
            offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.endsWith(java.nio.file.Path.of("dev/rolegate/change/UnitOfWork.java"))
                            && !f.endsWith(java.nio.file.Path.of("dev/rolegate/audit/AuditLog.java"))
                            && !f.endsWith(java.nio.file.Path.of("dev/rolegate/change/store/ChangeRecords.java")))
                    .filter(f -> {
                        try {
                            return writes.matcher(java.nio.file.Files.readString(f)).find();
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).map(Object::toString).toList();
        }
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), offenders);
    }

    @Test
    void resourcesNeverTouchStoresOrTransactions() {
        noClasses().that().resideInAPackage("..api..")
                .should().dependOnClassesThat().resideInAPackage("..store..")
                .check(classes);
        noClasses().that().resideInAPackage("..api..")
                .should().dependOnClassesThat().haveFullyQualifiedName("jakarta.transaction.Transactional")
                .check(classes);
    }

    @Test
    void platformDependsOnNoFeature() {
        // except the launcher, which hands a `policy ...` command line to the policy CLI before the service starts
        noClasses().that().resideInAPackage("dev.rolegate.platform..")
                .and().doNotHaveFullyQualifiedName("dev.rolegate.platform.local.RolegateMain")
                .should().dependOnClassesThat().resideInAnyPackage("dev.rolegate.account..", "dev.rolegate.access..",
                        "dev.rolegate.directory..", "dev.rolegate.check..", "dev.rolegate.sso..", "dev.rolegate.ldap..",
                        "dev.rolegate.token..", "dev.rolegate.audit..", "dev.rolegate.policy..", "dev.rolegate.admin..",
                        "dev.rolegate.change..", "dev.rolegate.ldapsync..", "dev.rolegate.transfer..")
                .check(classes);
    }
}
