package dev.haechi.app.breach;

import dev.haechi.breach.notice.NoticeContact;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The sender of breach notices, from {@code haechi.breach.notice.organisation}, {@code
 * .privacy-officer}, {@code .contact} and {@code .regulator} (application properties or the
 * environment variables {@code HAECHI_BREACH_NOTICE_ORGANISATION} …; DEPLOY.md). Unset values are
 * marked in the drafts and listed as warnings by the API and the console, never filled in.
 */
@Component
public class NoticeSettings {
  private final NoticeContact contact;

  public NoticeSettings(
      @Value("${haechi.breach.notice.organisation:}") String organisation,
      @Value("${haechi.breach.notice.privacy-officer:}") String privacyOfficer,
      @Value("${haechi.breach.notice.contact:}") String contact,
      @Value("${haechi.breach.notice.regulator:}") String regulator) {
    this.contact = new NoticeContact(organisation, privacyOfficer, contact, regulator);
  }

  public NoticeContact contact() {
    return contact;
  }
}
