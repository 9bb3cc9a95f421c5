//! Who may do what, by role. Each rule is written here once; moderation, fundraising, the
//! newsroom facade and the desktop shell ask here instead of matching roles themselves.
//! It depends on nothing but the role vocabulary, so every layer can use it.
use crate::error::{CoreError, Result};
use crate::model::Role;

/// Admins and moderators decide on comments; editors only read the queues.
pub fn can_moderate(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Moderator)
}

/// Editors and admins keep the fundraising side: campaigns, the ledger, exchange rates and
/// donation imports.
pub fn can_edit_fundraising(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Editor)
}

/// Admins alone change the newsroom itself (its basics, profiles, reasons, rules, backups).
pub fn can_administer(role: Role) -> bool {
    role == Role::Admin
}

/// Readers' e-mail and IP addresses are for those who moderate (admins and moderators);
/// editors read comments without them.
pub fn can_see_reader_contact(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Moderator)
}

/// Donors' names and e-mail addresses are for those who keep the fundraising side (admins and
/// editors); moderators see totals and charts without them.
pub fn can_see_donors(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Editor)
}

/// Refuses `name` unless their role sees readers' e-mail and IP; `work` is what was refused
/// ("searching by e-mail or IP").
pub fn require_reader_contact(name: &str, role: Role, work: &str) -> Result<()> {
    if can_see_reader_contact(role) {
        Ok(())
    } else {
        Err(CoreError::Forbidden(format!(
            "{name} is signed in as an editor: readers' e-mail and IP addresses are for \
             moderators and admins, so {work} is not open to editors"
        )))
    }
}

/// Refuses `name` unless their role may moderate, with a sentence that says why.
pub fn require_moderate(name: &str, role: Role) -> Result<()> {
    if can_moderate(role) {
        Ok(())
    } else {
        Err(CoreError::Forbidden(format!(
            "{name} is signed in as an editor: editors can read the queues but not moderate. \
             Sign in as a moderator to decide."
        )))
    }
}

/// Refuses `name` unless their role keeps the fundraising side. `work` names what was
/// refused, as the sentence has it: "the ledger is kept", "donations are imported".
pub fn require_edit_fundraising(name: &str, role: Role, work: &str) -> Result<()> {
    if can_edit_fundraising(role) {
        Ok(())
    } else {
        Err(CoreError::Forbidden(format!(
            "{name} is signed in as a moderator: {work} by editors and admins"
        )))
    }
}

/// Refuses `name` unless they are an admin.
pub fn require_admin(name: &str, role: Role) -> Result<()> {
    if can_administer(role) {
        Ok(())
    } else {
        Err(CoreError::Forbidden(format!(
            "only an admin can do this; {name} is a {role}"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_may_do_its_own_work() {
        let may = |role| {
            (
                can_moderate(role),
                can_edit_fundraising(role),
                can_administer(role),
            )
        };
        assert_eq!(may(Role::Admin), (true, true, true));
        assert_eq!(may(Role::Moderator), (true, false, false));
        assert_eq!(may(Role::Editor), (false, true, false));
        let sees = |role| (can_see_reader_contact(role), can_see_donors(role));
        assert_eq!(sees(Role::Admin), (true, true));
        assert_eq!(sees(Role::Moderator), (true, false));
        assert_eq!(sees(Role::Editor), (false, true));
    }

    #[test]
    fn refusals_say_who_and_why() {
        let message = |result: Result<()>| match result {
            Err(CoreError::Forbidden(message)) => message,
            other => panic!("expected a refusal, got {other:?}"),
        };
        assert_eq!(
            message(require_edit_fundraising(
                "Sam",
                Role::Moderator,
                "the ledger is kept"
            )),
            "Sam is signed in as a moderator: the ledger is kept by editors and admins"
        );
        assert_eq!(
            message(require_admin("Dana", Role::Editor)),
            "only an admin can do this; Dana is a editor"
        );
        assert!(message(require_moderate("Dana", Role::Editor))
            .starts_with("Dana is signed in as an editor"));
        assert!(require_moderate("Sam", Role::Moderator).is_ok());
        assert!(require_edit_fundraising("Dana", Role::Editor, "x").is_ok());
        assert!(require_admin("Olena", Role::Admin).is_ok());
        assert_eq!(
            message(require_reader_contact(
                "Dana",
                Role::Editor,
                "searching by e-mail or IP"
            )),
            "Dana is signed in as an editor: readers' e-mail and IP addresses are for \
             moderators and admins, so searching by e-mail or IP is not open to editors"
        );
        assert!(require_reader_contact("Sam", Role::Moderator, "x").is_ok());
    }
}
