// The name of the app's user-data folder. Electron would derive it from the app's name, which
// packaging replaces with the product name; the glue pins it to this name, and the command line's
// export looks there, so grades stay where every build and the CLI expect them.
export const APP_FOLDER = 'call-review-workstation'
