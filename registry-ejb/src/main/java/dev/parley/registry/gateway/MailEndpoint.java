package dev.parley.registry.gateway;

import dev.parley.protocol.Frame;
import dev.parley.protocol.Limits;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryAnswer.MailDepositAnswer;
import dev.parley.protocol.registry.RegistryAnswer.MailFetchAnswer;
import dev.parley.protocol.registry.RegistryAnswer.ReceiptFetchAnswer;
import dev.parley.protocol.registry.RegistryRequest.MailAck;
import dev.parley.protocol.registry.RegistryRequest.MailDeposit;
import dev.parley.protocol.registry.RegistryRequest.MailFetch;
import dev.parley.protocol.registry.RegistryRequest.ReceiptAck;
import dev.parley.protocol.registry.RegistryRequest.ReceiptFetch;
import dev.parley.registry.config.RegistrySettings;
import dev.parley.registry.mail.Deposit;
import dev.parley.registry.mail.MailPage;
import dev.parley.registry.mail.MailRefusal;
import dev.parley.registry.mail.MailService;
import dev.parley.registry.mail.ReceiptPage;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Turns each mail request into a {@link MailService} call and its result into a response. Keeps
 * one rule of its own: the deposit rate, counted per link like the request rate, since a link
 * holds one session and a user has one session at a time.
 */
@ApplicationScoped
public class MailEndpoint {

    @EJB
    private MailService mail;
    @Inject
    private RegistrySettings settings;

    // Each answers one mail request of the logged-in {@code username}; refusals are thrown as {@code RequestRefused}.

    Frame deposit(Link link, String username, String id, MailDeposit request) {
        // Every attempt counts, a refused one too: the limit is on what a session makes the registry do.
        if (!link.mayDepositMail()) {
            throw MailRefusal.tooFast(settings.mailDepositsPerSecond());
        }
        Deposit d = mail.deposit(username, request.envelope());
        String message = switch (d.kind()) {
            case NEW -> (d.online() ? "passed on to " : "kept for ") + d.recipient();
            case ALREADY_KEPT -> "already kept for " + d.recipient();
            case ALREADY_DELIVERED -> "already delivered to " + d.recipient();
        };
        return Frame.answer(id, d.kind() == Deposit.Kind.NEW ? Status.CREATED : Status.OK, message,
                new MailDepositAnswer(d.expiresAt(), d.online()));
    }

    Frame fetch(String username, String id, MailFetch request) {
        MailPage page = mail.fetch(username, request.limit() == null ? Limits.MAX_MAIL_PAGE : request.limit());
        return Frame.answer(id, Status.OK, count(page.mail().size(), "message"),
                new MailFetchAnswer(page.mail(), page.more()));
    }

    Frame acknowledge(String username, String id, MailAck request) {
        int n = mail.acknowledge(username, request.mail());
        return Frame.answer(id, Status.OK, count(n, "message") + " acknowledged");
    }

    Frame receipts(String username, String id, ReceiptFetch request) {
        ReceiptPage page = mail.receipts(username, request.limit() == null ? Limits.MAX_MAIL_PAGE : request.limit());
        return Frame.answer(id, Status.OK, count(page.receipts().size(), "receipt"),
                new ReceiptFetchAnswer(page.receipts(), page.more()));
    }

    Frame forgetReceipts(String username, String id, ReceiptAck request) {
        int n = mail.forgetReceipts(username, request.receipts());
        return Frame.answer(id, Status.OK, count(n, "receipt") + " acknowledged");
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
