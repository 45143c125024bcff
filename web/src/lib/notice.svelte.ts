/**
 * A one-line success notice shown under the top bar after a save or a delete: set it, then navigate. It stays for
 * the page it was meant for and is cleared by the next navigation after that.
 */
class Notice {
  text = $state('');
  #pages = 0;

  /** `here`: the notice is for the page already shown (nothing navigates after it). */
  show(text: string, here = false) {
    this.text = text;
    this.#pages = here ? 1 : 0;
  }

  /** Called on every route change. */
  moved() {
    this.#pages += 1;
    if (this.#pages > 1) this.text = '';
  }
}

export const notice = new Notice();
