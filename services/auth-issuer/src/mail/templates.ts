/** The mails the issuer sends (issue 14). Each has a fixed subject, a plain-text part and an HTML part. */
export type MailTemplate = 'verify_email' | 'reset_password' | 'confirm_email_change' | 'email_change_notice'

/** What a template may show: the person's name (untrusted: escaped in HTML) and a link built by the issuer. */
export interface TemplateValues {
  name: string
  link?: string
  newEmail?: string
}

export interface RenderedMail {
  subject: string
  text: string
  html: string
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text safe inside HTML element content and quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char)
}

// One line per paragraph; `{name}`, `{link}` and `{newEmail}` are filled in, escaped for the HTML part.
const TEMPLATES: Record<MailTemplate, { subject: string; lines: string[] }> = {
  verify_email: {
    subject: 'Verify your email address',
    lines: ['Hello {name},', 'Confirm this is your email address by opening this link:', '{link}', 'If you did not sign up, ignore this mail.'],
  },
  reset_password: {
    subject: 'Reset your password',
    lines: ['Hello {name},', 'Choose a new password by opening this link (it works once, for a short while):', '{link}', 'If you did not ask for this, ignore this mail: your password stays as it is.'],
  },
  confirm_email_change: {
    subject: 'Confirm your new email address',
    lines: ['Hello {name},', 'Confirm that this is the new email address of your account by opening this link:', '{link}', 'If you did not ask for this, ignore this mail.'],
  },
  email_change_notice: {
    subject: 'Your email address is being changed',
    lines: ['Hello {name},', 'Someone with your password asked to change the email address of your account to {newEmail}.', 'If this was not you, reset your password now.'],
  },
}

/** Renders a template; values never reach the subject, and the HTML part gets them escaped. */
export function renderMail(template: MailTemplate, values: TemplateValues): RenderedMail {
  const { subject, lines } = TEMPLATES[template]
  const fill = (line: string, escape: (value: string) => string) =>
    line.replace(/\{(name|link|newEmail)\}/g, (_match, key: keyof TemplateValues) => {
      const value = escape(values[key] ?? '')
      return key === 'link' && escape === escapeHtml ? `<a href="${value}">${value}</a>` : value
    })
  return {
    subject,
    text: `${lines.map((line) => fill(line, (value) => value)).join('\n\n')}\n`,
    html: `<!doctype html><html><body>${lines.map((line) => `<p>${fill(line, escapeHtml)}</p>`).join('')}</body></html>`,
  }
}
