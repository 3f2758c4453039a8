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
    void unboundIdStaysInsideTheLdapAdapter() {
        noClasses().that().resideOutsideOfPackage("dev.rolegate.ldap..")
                .should().dependOnClassesThat().resideInAnyPackage("com.unboundid..")
                .check(classes);
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
                        "dev.rolegate.token..", "dev.rolegate.audit..", "dev.rolegate.policy..")
                .check(classes);
    }
}
