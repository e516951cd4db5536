package io.storeorchestrator.api.domain;

import jakarta.inject.Singleton;

import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

/**
 * TXT lookups through the JDK's own DNS client (JNDI's {@code dns:} provider, module {@code jdk.naming.dns}): no
 * library, UDP with a fallback to TCP for truncated answers, and a nameserver given as {@code dns://host:port} when
 * {@code DOMAIN_DNS_SERVER} is set (else the system's resolvers). Each lookup asks once ({@code retries} 1) within
 * {@code DOMAIN_DNS_TIMEOUT}: the verifier itself tries again later.
 *
 * <p>Only the DNS provider, named explicitly, reading attributes of a name that {@code DomainHosts} validated: no
 * URL-chosen context and no object lookup, so none of JNDI's object factories or remote class loading is reachable.
 */
@Singleton
public class JndiTxtResolver implements TxtResolver {

    private final DomainConfig config;

    public JndiTxtResolver(DomainConfig config) {
        this.config = config;
    }

    @Override
    public List<String> txt(String name) throws LookupFailedException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(javax.naming.Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        config.nameserver().ifPresent(server -> env.put(javax.naming.Context.PROVIDER_URL, "dns://" + server));
        env.put("com.sun.jndi.dns.timeout.initial", Long.toString(Math.max(1, config.dnsTimeout().toMillis())));
        env.put("com.sun.jndi.dns.timeout.retries", "1");
        DirContext context = null;
        try {
            context = new InitialDirContext(env);
            // A trailing dot: the name is absolute, never completed with the resolver's search domains.
            Attributes attributes = context.getAttributes(name + ".", new String[] {"TXT"});
            Attribute txt = attributes.get("TXT");
            List<String> records = new ArrayList<>();
            if (txt != null) {
                NamingEnumeration<?> values = txt.getAll();
                while (values.hasMore()) {
                    records.add(TxtCheck.unquoted(String.valueOf(values.next())));
                }
            }
            return records;
        } catch (NameNotFoundException e) {
            return List.of(); // NXDOMAIN: the owner has not published it (yet)
        } catch (NamingException e) {
            throw new LookupFailedException("TXT lookup of " + name + " failed: " + e.getClass().getSimpleName()
                    + (e.getExplanation() == null ? "" : ": " + e.getExplanation()), e);
        } finally {
            if (context != null) {
                try {
                    context.close();
                } catch (NamingException ignored) {
                    // nothing held open worth reporting
                }
            }
        }
    }
}
