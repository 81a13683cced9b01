/**
 * The teaching sections of the site, in the order the navigation shows them (the editor and the
 * Train page have their own buttons). Each names its label's key in the `common` messages
 * (nav.<key>). Add a section here when its page lands.
 */
export const SITE_SECTIONS: readonly { readonly key: string; readonly href: string }[] = [];
