"""Keyboard-only steps for the browser tests: Tab through the page like a keyboard user.

Each Tab is checked: the focused element shows a visible focus indicator (an outline or shadow), and the focus moves on in the order of the page (WCAG 2.4.3, 2.4.7).
"""

from playwright.sync_api import Locator, Page

MAX_TABS = 80

# What the focus looks like after a Tab, and whether it moved forward in the document.
_FOCUS_STATE = """(backwards) => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    // Not :focus while a part of the control has it (a date field's picker button): the
    // browser draws that part's focus ring itself.
    const visible = outline || style.boxShadow !== "none" || !el.matches(":focus");
    const previous = window.__keyboardPrevious;
    let inOrder = true;
    if (previous && document.contains(previous) && previous !== el) {
        const position = previous.compareDocumentPosition(el);
        const wanted = backwards ? Node.DOCUMENT_POSITION_PRECEDING : Node.DOCUMENT_POSITION_FOLLOWING;
        inOrder = Boolean(position & wanted);
    }
    window.__keyboardPrevious = el;
    const name = (el.innerText || el.value || el.name || el.id || el.tagName).trim().slice(0, 60);
    return {visible, inOrder, name, isBody: el === document.body};
}"""


class FocusProblem(AssertionError):
    pass


def press_tab(page: Page, *, backwards: bool = False) -> dict:
    page.keyboard.press("Shift+Tab" if backwards else "Tab")
    state = page.evaluate(_FOCUS_STATE, backwards)
    if state["isBody"]:
        return state
    if not state["visible"]:
        raise FocusProblem(f"focus not visible on {state['name']!r} ({page.url})")
    if not state["inOrder"]:
        raise FocusProblem(f"focus jumped against the page order to {state['name']!r}")
    return state


def tab_to(page: Page, target: Locator, *, backwards: bool = False) -> None:
    """Tab (or Shift+Tab) until ``target`` has the focus; fails if it never gets it."""
    page.evaluate(
        "() => { const el = document.activeElement;"
        " window.__keyboardPrevious = el === document.body ? null : el; }"
    )
    for _ in range(MAX_TABS):
        press_tab(page, backwards=backwards)
        if target.evaluate("el => el === document.activeElement"):
            return
    raise FocusProblem(f"{target} never received the focus by keyboard ({page.url})")


def is_focused(locator: Locator) -> bool:
    return locator.evaluate("el => el === document.activeElement")


def press_to_navigate(page: Page, key: str) -> None:
    """A key that follows a link or sends a form: waits for the next page."""
    with page.expect_navigation():
        page.keyboard.press(key)
