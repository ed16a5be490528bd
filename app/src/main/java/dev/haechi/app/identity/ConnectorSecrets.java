package dev.haechi.app.identity;

import dev.haechi.connectors.SecretEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where the server's connectors find their secrets: the process environment. Live sources name the
 * variable ({@code password-env}, {@code token-env}); the secret itself is never stored, logged or
 * audited. Tests replace this bean to hand secrets of the directories they start.
 */
@Configuration
public class ConnectorSecrets {
  @Bean
  SecretEnvironment secretEnvironment() {
    return SecretEnvironment.system();
  }
}
